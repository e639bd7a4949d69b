import Dispatch
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The threads `to_thread` workers run on: as many as the machine has cores, made on first
/// use and kept for the process (asyncio's default executor, in spirit).
///
/// They are plain threads, beside Swift's concurrency pool and Dispatch's, not on them: a
/// CPU-bound worker there takes a thread the loop needs to wake on (two workers on two cores
/// held a 50 ms timer for a whole second). Here the OS shares the cores between the loop and
/// the workers.
final class WorkerThreads: Sendable {
    static let shared = WorkerThreads(count: max(2, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))))

    typealias Job = @Sendable () -> Void

    private let count: Int
    private let state = Mutex<(jobs: [Job], started: Bool)>(([], false))
    private let waiting = DispatchSemaphore(value: 0)

    private init(count: Int) { self.count = count }

    /// Runs `job` on the next free worker thread.
    func run(_ job: @escaping Job) {
        let startThreads = state.withLock { state in
            state.jobs.append(job)
            defer { state.started = true }
            return !state.started
        }
        if startThreads {
            for _ in 0..<count { Self.detachThread { [self] in serve() } }
        }
        waiting.signal()
    }

    private func serve() -> Never {
        while true {
            waiting.wait()
            let job = state.withLock { $0.jobs.isEmpty ? nil : $0.jobs.removeFirst() }
            job?()
        }
    }

    private static func detachThread(_ body: @escaping @Sendable () -> Void) {
        final class Box {
            let body: @Sendable () -> Void
            init(_ body: @escaping @Sendable () -> Void) { self.body = body }
        }
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        var thread = pthread_t()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        pthread_attr_setstacksize(&attributes, 8 << 20)  // Lua's C stack: deep recursion in a worker
        let created = pthread_create(&thread, &attributes, { raw in
            Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue().body()
            return nil
        }, box)
        pthread_attr_destroy(&attributes)
        precondition(created == 0, "cannot start a worker thread: \(created)")
        pthread_detach(thread)
    }
}
