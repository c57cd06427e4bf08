#ifndef CALLREPORT_SMTP_H
#define CALLREPORT_SMTP_H

#include <stddef.h>

/// One message to send over SMTP with libcurl. Strings are NUL-terminated UTF-8;
/// optional ones are NULL when unset.
typedef struct {
    /// smtp://host[:port] (STARTTLS) or smtps://host[:port] (TLS from the start).
    const char *url;
    /// 1: TLS is required (STARTTLS must succeed); 0: TLS when offered (loopback only).
    int require_tls;
    /// A file of CA certificates that replaces the system's; NULL for the system's.
    const char *ca_file;
    const char *user;
    const char *password;
    /// OAuth 2 bearer token: AUTH XOAUTH2 (with user) instead of a password.
    const char *bearer_token;
    /// The envelope sender and recipients, bare addresses in angle brackets.
    const char *mail_from;
    const char *const *recipients;
    size_t recipient_count;
    /// The whole message, CRLF line ends.
    const char *message;
    size_t message_length;
    long connect_timeout_seconds;
    long timeout_seconds;
} callreport_smtp_request;

/// What happened: libcurl's result, the last SMTP reply code, the server's last
/// reply lines, and the recipient whose RCPT TO was the last sent. Only what the
/// server said is kept (never what callreport sent, which holds the credentials).
typedef struct {
    int curl_code;
    long reply_code;
    char curl_error[256];
    char last_reply[512];
    /// The server's last reply that refused something (4xx or 5xx), if any.
    char error_reply[512];
    char last_recipient[320];
} callreport_smtp_result;

/// Sends the message; returns the libcurl result code (0 when the server took it).
int callreport_smtp_send(const callreport_smtp_request *request, callreport_smtp_result *result);

/// libcurl's text for a result code.
const char *callreport_smtp_code_text(int code);

#endif
