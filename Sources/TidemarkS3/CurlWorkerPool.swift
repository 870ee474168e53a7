import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Dedicated threads, each owning one ``CurlHandle``, that run blocking `curl_easy_perform` calls
/// off Swift's cooperative thread pool.
///
/// Threads start lazily, up to `maxThreads`, and take jobs from one locked FIFO queue. After
/// ``shutdown()`` they finish the queued jobs and exit, releasing their handles.
// @unchecked Sendable: every mutable field is read and written only while `condition` is locked.
final class CurlWorkerPool: @unchecked Sendable {
    /// Work run on a worker thread with that thread's handle, or nil when no handle could be created.
    typealias Job = @Sendable (CurlHandle?) -> Void

    private let condition = NSCondition()
    private let maxThreads: Int
    private let name: String
    private let background: Bool
    private var jobs: [Job] = []
    private var jobsHead = 0
    private var threads = 0
    private var idle = 0
    private var shuttingDown = false

    /// Creates an empty pool; `name` labels its threads, which run at nice
    /// 10 when `background` is true (see `S3Configuration.backgroundWorkers`).
    init(name: String, maxThreads: Int, background: Bool = false) {
        self.name = name
        self.background = background
        self.maxThreads = max(1, maxThreads)
    }

    /// Queues `job`, starting a new thread when every existing one is busy and the limit allows.
    func submit(_ job: @escaping Job) {
        condition.lock()
        jobs.append(job)
        let pending = jobs.count - jobsHead
        let startThread = pending > idle && threads < maxThreads
        if startThread { threads += 1 }
        condition.signal()
        let index = threads
        condition.unlock()
        if startThread { startWorker(index: index) }
    }

    /// Lets the threads exit once the queue is empty.
    func shutdown() {
        condition.lock()
        shuttingDown = true
        condition.broadcast()
        condition.unlock()
    }

    private func startWorker(index: Int) {
        let thread = Thread { [self] in
            #if canImport(Glibc)
            // Linux keeps a nice value per thread; 0 names the calling one.
            // A refusal leaves the thread at normal priority, which is only slower.
            if background { _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10) }
            #endif
            let handle = CurlHandle()
            while let job = nextJob() {
                job(handle)
            }
        }
        thread.name = "tidemark-s3-\(name)-\(index)"
        thread.start()
    }

    /// Blocks until a job is available; nil once shut down with nothing left to do.
    private func nextJob() -> Job? {
        condition.lock()
        defer { condition.unlock() }
        while jobsHead == jobs.count {
            if shuttingDown {
                threads -= 1
                return nil
            }
            idle += 1
            condition.wait()
            idle -= 1
        }
        let job = jobs[jobsHead]
        jobsHead += 1
        if jobsHead == jobs.count {
            jobs.removeAll(keepingCapacity: true)
            jobsHead = 0
        }
        return job
    }
}
