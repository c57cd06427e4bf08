#include "callreport_smtp.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

// Swift cannot call curl_easy_setopt, which is variadic: this file does the
// whole transfer, so the Swift side passes one plain struct.

typedef struct {
    const char *data;
    size_t length;
    size_t offset;
} message_reader;

static size_t read_message(char *buffer, size_t size, size_t count, void *context) {
    message_reader *reader = context;
    size_t room = size * count;
    size_t left = reader->length - reader->offset;
    size_t n = left < room ? left : room;
    memcpy(buffer, reader->data + reader->offset, n);
    reader->offset += n;
    return n;
}

static void copy_line(char *target, size_t capacity, const char *data, size_t length) {
    while (length > 0 && (data[length - 1] == '\r' || data[length - 1] == '\n')) length--;
    if (length >= capacity) length = capacity - 1;
    memcpy(target, data, length);
    target[length] = 0;
}

/// Keeps the server's last reply line, and the address of the last RCPT TO sent.
/// Nothing else callreport sends is looked at: AUTH lines carry the credentials.
static int watch(CURL *handle, curl_infotype type, char *data, size_t size, void *context) {
    (void)handle;
    callreport_smtp_result *result = context;
    if (type == CURLINFO_HEADER_IN) {
        copy_line(result->last_reply, sizeof result->last_reply, data, size);
        if (size > 0 && (data[0] == '4' || data[0] == '5')) {
            copy_line(result->error_reply, sizeof result->error_reply, data, size);
        }
    } else if (type == CURLINFO_HEADER_OUT && size > 8 && strncmp(data, "RCPT TO:", 8) == 0) {
        copy_line(result->last_recipient, sizeof result->last_recipient, data + 8, size - 8);
    }
    return 0;
}

static void initialize(void) { curl_global_init(CURL_GLOBAL_DEFAULT); }

int callreport_smtp_send(const callreport_smtp_request *request, callreport_smtp_result *result) {
    memset(result, 0, sizeof *result);
    // Accounts send in parallel: libcurl's global set-up runs once, whichever comes first.
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, initialize);
    CURL *curl = curl_easy_init();
    if (!curl) {
        result->curl_code = CURLE_FAILED_INIT;
        return result->curl_code;
    }
    struct curl_slist *recipients = NULL;
    for (size_t i = 0; i < request->recipient_count; i++) {
        recipients = curl_slist_append(recipients, request->recipients[i]);
    }
    message_reader reader = {request->message, request->message_length, 0};

    curl_easy_setopt(curl, CURLOPT_URL, request->url);
    curl_easy_setopt(curl, CURLOPT_USE_SSL, request->require_tls ? (long)CURLUSESSL_ALL : (long)CURLUSESSL_TRY);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
    if (request->ca_file) curl_easy_setopt(curl, CURLOPT_CAINFO, request->ca_file);
    if (request->user) curl_easy_setopt(curl, CURLOPT_USERNAME, request->user);
    if (request->password) curl_easy_setopt(curl, CURLOPT_PASSWORD, request->password);
    if (request->bearer_token) {
        curl_easy_setopt(curl, CURLOPT_XOAUTH2_BEARER, request->bearer_token);
        curl_easy_setopt(curl, CURLOPT_LOGIN_OPTIONS, "AUTH=XOAUTH2");
    }
    // The login in the AUTH command itself (SASL-IR), as Microsoft 365 and Gmail expect.
    curl_easy_setopt(curl, CURLOPT_SASL_IR, 1L);
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, request->mail_from);
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_message);
    curl_easy_setopt(curl, CURLOPT_READDATA, &reader);
    curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t)request->message_length);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, request->connect_timeout_seconds);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, request->timeout_seconds);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, result->curl_error);
    curl_easy_setopt(curl, CURLOPT_DEBUGFUNCTION, watch);
    curl_easy_setopt(curl, CURLOPT_DEBUGDATA, result);
    curl_easy_setopt(curl, CURLOPT_VERBOSE, 1L);

    CURLcode code = curl_easy_perform(curl);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &result->reply_code);
    result->curl_code = (int)code;
    curl_slist_free_all(recipients);
    curl_easy_cleanup(curl);
    return result->curl_code;
}

const char *callreport_smtp_code_text(int code) { return curl_easy_strerror((CURLcode)code); }
