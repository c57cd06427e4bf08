import Dispatch

/// One piece of work run on another core while the calling thread goes on: ``wait()`` gives
/// its result, or throws its error, once it is done.
///
/// ``wait()`` is called from one thread only (the one that started the job), as many times as it
/// likes: a run that fails after waiting may wait again on its way out.
final class BackgroundJob<Value: Sendable>: @unchecked Sendable {
    /// Set by the work before `done` is signalled; read only after waiting for `done`.
    private var result: Result<Value, any Error>?
    private let done = DispatchSemaphore(value: 0)
    /// Only on the waiting thread.
    private var waited = false

    init(_ work: @escaping @Sendable () throws -> Value) {
        DispatchQueue.global().async {
            self.result = Result { try work() }
            self.done.signal()
        }
    }

    func wait() throws -> Value {
        if !waited {
            done.wait()
            waited = true
        }
        return try result!.get()
    }
}
