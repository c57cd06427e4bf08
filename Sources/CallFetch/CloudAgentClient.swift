import CallModel
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
        // The body is streamed into a file of ours (0600, in the archive's 0700
        // scratch folder) as it arrives. `download(for:)` would first write it to
        // a world-readable file in /tmp, and leave that file behind whenever the
        // transfer fails half-way: raw call data, and any key echoed in it.
        let owned = DurableFile.temporaryURL(in: scratchFolder)
        let sink = try BodySink(file: owned, folder: scratchFolder)
        let session = URLSession(configuration: configuration, delegate: sink, delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        do {
            let status = try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { continuation in
                    sink.start(session.dataTask(with: request), reporting: continuation)
                }
            } onCancel: {
                sink.cancel()
            }
            return Response(status: status, body: owned)
        } catch {
            unlink(owned.path)
            if Task.isCancelled { throw CancellationError() }
            throw error
        }
    }
}

/// Writes a response body to its file as the bytes arrive, and reports the
/// HTTP status when the exchange ends. A failed write (disk full, read-only)
/// is our disk's fault, not the service's: it ends the exchange with a
/// `FetchError.archive`, which the fetcher does not retry.
private final class BodySink: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    private let lock = NSLock()
    private let folder: URL
    private var descriptor: Int32
    private var task: URLSessionDataTask?
    private var continuation: CheckedContinuation<Int, Error>?
    private var writeFailure: FetchError?

    init(file: URL, folder: URL) throws {
        self.folder = folder
        descriptor = open(file.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw FetchError.archive(
                folder.path, "cannot keep the downloaded answer: \(String(cString: strerror(errno)))")
        }
    }

    func start(_ task: URLSessionDataTask, reporting continuation: CheckedContinuation<Int, Error>) {
        lock.withLock {
            self.task = task
            self.continuation = continuation
        }
        task.resume()
    }

    func cancel() {
        lock.withLock { task }?.cancel()
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        lock.lock()
        defer { lock.unlock() }
        guard writeFailure == nil, descriptor >= 0 else { return }
        if let failed = data.withUnsafeBytes({ DurableFile.writeAll(descriptor, $0) }) {
            writeFailure = FetchError.archive(
                folder.path, "cannot keep the downloaded answer: \(String(cString: strerror(failed)))")
            dataTask.cancel()
        }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        lock.lock()
        let continuation = self.continuation
        self.continuation = nil
        if descriptor >= 0 {
            close(descriptor)
            descriptor = -1
        }
        let writeFailure = self.writeFailure
        lock.unlock()
        if let writeFailure {
            continuation?.resume(throwing: writeFailure)
        } else if let error {
            continuation?.resume(throwing: error)
        } else {
            continuation?.resume(returning: (task.response as? HTTPURLResponse)?.statusCode ?? 0)
        }
    }
}

extension Error {
    /// A network error in words, with the key masked wherever it appears.
    func maskedDescription(account: CloudAgentAccount) -> String {
        account.masked(ErrorText.phrase(self))
    }
}
