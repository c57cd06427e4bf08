import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// One HTTP exchange with the "Get call logs" endpoint.
///
/// FoundationNetworking's URLSession: it ships with the toolchain (no build
/// cost), streams the body to a file rather than memory, and its per-request
/// timeout bounds both a slow connect and a stalled read. Retrying is the
/// fetcher's business, not the client's.
struct CloudAgentClient: Sendable {
    struct Response: Sendable {
        let status: Int
        /// The body, in a temporary file the caller owns.
        let body: URL
    }

    let account: CloudAgentAccount
    /// Longest wait for the connection or for the next bytes of the answer.
    let timeout: TimeInterval
    /// Where bodies land before they are checked and archived.
    let scratchFolder: URL

    func download(_ window: FetchWindow) async throws -> Response {
        var request = URLRequest(url: account.requestURL(for: window))
        request.httpMethod = "GET"
        request.timeoutInterval = timeout
        request.setValue(account.format == .json ? "application/json" : "application/xml", forHTTPHeaderField: "Accept")
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = max(timeout, 3600)
        configuration.urlCache = nil
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }
        let (file, response) = try await session.download(for: request)
        // The session may delete its file once we return: move it under our own name first.
        // A failure here is our disk's (full, read-only), not the service's: it must
        // stop the run, not be retried, and it must not leave half a copy behind.
        let owned = DurableFile.temporaryURL(in: scratchFolder)
        do {
            try FileManager.default.moveItem(at: file, to: owned)
        } catch {
            unlink(owned.path)
            unlink(file.path)
            throw FetchError.archive(
                scratchFolder.path, "cannot keep the downloaded answer: \(error.localizedDescription)")
        }
        return Response(status: (response as? HTTPURLResponse)?.statusCode ?? 0, body: owned)
    }
}

extension Error {
    /// A network error in words, with the key masked wherever it appears.
    func maskedDescription(account: CloudAgentAccount) -> String {
        account.masked((self as NSError).localizedDescription)
    }
}
