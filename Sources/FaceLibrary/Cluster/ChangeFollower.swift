import FaceIndex
import FaceStore
import Foundation
import Logging
import Synchronization

// Design note: how a node keeps every library's index equal to PostgreSQL.
//
//   start ─▶ LISTEN ─▶ load every library (snapshot + position) ─▶ sync ─▶ ready
//   NOTIFY (ids) ──────────────▶ catch those libraries up
//   every poll interval ───────▶ sync: read every head, catch up what is behind
//   listener lost ─▶ reconnect after a jittered backoff ─▶ LISTEN ─▶ sync everything
//
// Notifications only make it fast; the poll makes it certain (a notification
// sent while no listener was connected is gone for good), and a search never
// relies on either: it reads its library's head and waits until its index
// has applied it (see `FaceService.search`). /readyz is 200 only after the
// first full sync and while syncs keep succeeding.

/// Follows the database's change log for every library; the node's `sync` readiness check.
public final class ChangeFollower: ReadinessCheck {
    public let name = "sync"
    /// The node's sync figures (lag, reloads, behind).
    public let statistics: SyncStatistics
    let replicas: ReplicaSet
    private let changeLog: any LibraryChangeLog
    private let notifications: (any ChangeNotifications)?
    private let signatures: (any SignatureLedger)?
    private let options: SyncOptions
    private let logger: Logger
    private let trigger = SyncTrigger()
    private let status = Mutex(Status())

    private struct Status {
        var phase = Phase.starting
        var listening = false
        var lastSync: ContinuousClock.Instant?
        var lastError: String?
    }

    private enum Phase {
        case starting
        case loading(done: Int, total: Int)
        case running
    }

    init(replicas: ReplicaSet, changeLog: any LibraryChangeLog, notifications: (any ChangeNotifications)?,
         signatures: (any SignatureLedger)?, options: SyncOptions, logger: Logger) {
        self.replicas = replicas
        statistics = replicas.statistics
        self.changeLog = changeLog
        self.notifications = options.notifications ? notifications : nil
        self.signatures = signatures
        self.options = options
        self.logger = logger
    }

    /// Loads every library and follows the log until cancelled.
    public func run() async {
        await withTaskGroup(of: Void.self) { group in
            if let notifications {
                group.addTask { await self.listen(to: notifications) }
            }
            group.addTask { await self.follow() }
            await group.waitForAll()
        }
    }

    public func unreadyReason() async -> String? {
        let now = ContinuousClock.now
        return status.withLock { status in
            switch status.phase {
            case .starting: return "starting: subscribing to library changes"
            case let .loading(done, total): return "loading library indexes: \(done) of \(total)"
            case .running: break
            }
            if let error = status.lastError { return "sync with the database failed: \(error)" }
            guard let last = status.lastSync else { return "catching up with the database" }
            let age = now - last
            if age > staleAfter { return "no sync with the database for \(age.components.seconds) s" }
            return nil
        }
    }

    /// Whether the change notification connection is subscribed now.
    public var isListening: Bool { status.withLock(\.listening) }

    /// After this long without a successful sync the node is not ready.
    private var staleAfter: Duration { max(options.pollInterval * 3, .seconds(10)) }

    // MARK: - Following

    private func follow() async {
        if notifications != nil { await waitForListening(upTo: .seconds(5)) }
        while !Task.isCancelled {
            do {
                try await loadAll()
                break
            } catch {
                record(error, doing: "initial load")
                try? await Task.sleep(for: options.pollInterval)
            }
        }
        var lastMaintenance: ContinuousClock.Instant?
        while !Task.isCancelled {
            do {
                try await syncAll()
                status.withLock { status in
                    status.phase = .running
                    status.lastSync = .now
                    status.lastError = nil
                }
            } catch {
                record(error, doing: "sync")
            }
            if lastMaintenance.map({ ContinuousClock.now - $0 >= options.maintenanceInterval }) ?? true {
                await maintain()
                lastMaintenance = .now
            }
            await trigger.wait(upTo: options.pollInterval)
        }
    }

    /// Loads the index of every live library, two at a time.
    private func loadAll() async throws {
        let heads = try await changeLog.libraryHeads()
        status.withLock { $0.phase = .loading(done: 0, total: heads.count) }
        try await forEach(heads, concurrency: 2) { head in
            try await self.replicas.sync(to: head)
            self.status.withLock { status in
                if case let .loading(done, total) = status.phase { status.phase = .loading(done: done + 1, total: total) }
            }
        }
        logger.notice("library indexes loaded", metadata: [
            "libraries": "\(heads.count)", "faces": "\(replicas.loadedIndexes().values.reduce(0) { $0 + $1.count })",
        ])
    }

    /// Reads every library's head and catches up every replica that is behind
    /// (or whose library is no longer among the heads: freed, most likely).
    func syncAll() async throws {
        let heads = try await changeLog.libraryHeads()
        var behind: Int64 = 0
        var stale: [LibraryHead] = []
        for head in heads {
            let current = replicas.replica(for: head.libraryID)?.current
            if let current, current.incarnation == head.incarnation, current.position.seq >= head.seq { continue }
            behind += head.seq - (current?.position.seq ?? 0)
            stale.append(head)
        }
        statistics.recordBehind(max(0, behind))
        try await forEach(stale, concurrency: 4) { try await self.replicas.sync(to: $0) }
        let live = Set(heads.map(\.libraryID))
        try await forEach(replicas.replicas.filter { !live.contains($0.libraryID) }, concurrency: 4) {
            try await $0.refresh()
        }
    }

    private func maintain() async {
        let cutoff = SyncStatistics.nowMicros() - Int64(options.changeRetention.components.seconds) * 1_000_000
        do {
            let pruned = try await changeLog.pruneChanges(committedBefore: cutoff)
            if pruned > 0 { logger.info("change log pruned", metadata: ["rows": "\(pruned)"]) }
            if let signatures {
                _ = try await signatures.sweepSignatures(expiredBefore: Int64(Date().timeIntervalSince1970))
            }
        } catch {
            logger.warning("change log prune or signature sweep failed; retried later", metadata: ["error": "\(error)"])
        }
    }

    private func record(_ error: any Error, doing action: String) {
        let first = status.withLock { status in
            defer { status.lastError = "\(error)" }
            return status.lastError == nil
        }
        if first { logger.error("library sync failed; retrying", metadata: ["during": "\(action)", "error": "\(error)"]) }
    }

    // MARK: - Listening

    private func listen(to notifications: any ChangeNotifications) async {
        var failures = 0
        while !Task.isCancelled {
            do {
                for try await event in notifications.changeWakeUps() {
                    switch event {
                    case .listening:
                        if failures > 0 { logger.notice("listening for library changes again; catching up") }
                        failures = 0
                        status.withLock { $0.listening = true }
                        // Whatever was notified while nobody listened is caught up now.
                        trigger.fire()
                    case .changed(let libraryIDs):
                        for libraryID in libraryIDs {
                            Task { try? await self.replicas.refresh(libraryID: libraryID) }
                        }
                    }
                }
            } catch {
                if !Task.isCancelled {
                    logger.warning("change notifications lost; reconnecting (polls continue)",
                                   metadata: ["error": "\(error)"])
                }
            }
            status.withLock { $0.listening = false }
            failures += 1
            try? await Task.sleep(for: Self.backoff(afterFailures: failures))
        }
    }

    /// 100 ms doubling up to 5 s, each spread ±50 % so that nodes cut off
    /// together do not reconnect together.
    static func backoff(afterFailures failures: Int) -> Duration {
        let base = min(5.0, 0.1 * pow(2, Double(min(failures, 16) - 1)))
        return .milliseconds(Int64(base * Double.random(in: 0.5...1.5) * 1000))
    }

    private func waitForListening(upTo limit: Duration) async {
        let deadline = ContinuousClock.now + limit
        while !isListening && ContinuousClock.now < deadline && !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(10))
        }
        status.withLock { if case .starting = $0.phase { $0.phase = .loading(done: 0, total: 0) } }
    }
}

/// Runs `body` on every element, at most `concurrency` at once; the first error ends it.
func forEach<Element: Sendable>(_ elements: [Element], concurrency: Int,
                                _ body: @escaping @Sendable (Element) async throws -> Void) async throws {
    try await withThrowingTaskGroup(of: Void.self) { group in
        var next = elements.makeIterator()
        for _ in 0..<concurrency {
            guard let element = next.next() else { break }
            group.addTask { try await body(element) }
        }
        while try await group.next() != nil {
            if let element = next.next() { group.addTask { try await body(element) } }
        }
    }
}
