// Design note: the crash harness's record of what the server acknowledged.
// A request whose reply never came (the server was killed meanwhile) is "in
// doubt": its effect may or may not have been committed. After a restart the
// ledger is reconciled with what the server lists; every acknowledged face
// must be there, every acknowledged deletion gone, and the only other faces
// allowed are those in-doubt adds may have created.

/// What a crash test's clients were told, and what is still uncertain.
actor FaceLedger {
    /// Acknowledged, not deleted: token → user_id (the photo it came from).
    private(set) var alive: [String: String] = [:]
    /// Acknowledged deletions.
    private(set) var deleted: Set<String> = []
    /// Adds sent whose reply never came.
    private var inDoubtAdds = 0
    /// Deletions sent whose reply never came.
    private var inDoubtDeletes: Set<String> = []
    /// Faces the deleter is working on, not to be picked twice.
    private var deleting: Set<String> = []
    /// Acknowledged operations over the whole run.
    private(set) var acknowledgedAdds = 0
    private(set) var acknowledgedDeletes = 0

    func added(_ token: String, userID: String) {
        alive[token] = userID
        acknowledgedAdds += 1
    }

    func addInDoubt() {
        inDoubtAdds += 1
    }

    /// Picks a face to delete when more than `keep` are alive.
    func pickForDeletion(keep: Int) -> String? {
        guard alive.count - deleting.count > keep else { return nil }
        let token = alive.keys.first { !deleting.contains($0) }
        if let token { deleting.insert(token) }
        return token
    }

    func deleted(_ token: String) {
        deleting.remove(token)
        alive[token] = nil
        deleted.insert(token)
        acknowledgedDeletes += 1
    }

    func deleteInDoubt(_ token: String) {
        deleting.remove(token)
        inDoubtDeletes.insert(token)
    }

    /// Checks the faces a restarted server lists (token → user_id) against the
    /// ledger, then adopts them as the new truth; returns the violations found.
    func reconcile(listed: [String: String]) -> [String] {
        var problems: [String] = []
        for (token, userID) in alive where !inDoubtDeletes.contains(token) && listed[token] != userID {
            problems.append("acknowledged face \(token) (\(userID)) lost")
        }
        for token in deleted where listed[token] != nil {
            problems.append("deleted face \(token) came back")
        }
        let unknown = listed.keys.filter { alive[$0] == nil && !deleted.contains($0) }
        if unknown.count > inDoubtAdds {
            problems.append("\(unknown.count) unacknowledged faces but only \(inDoubtAdds) adds in doubt")
        }
        for token in inDoubtDeletes where listed[token] == nil {
            alive[token] = nil
            deleted.insert(token)
        }
        for token in unknown {
            alive[token] = listed[token]
        }
        inDoubtAdds = 0
        inDoubtDeletes = []
        return problems
    }
}
