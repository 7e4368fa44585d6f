import Foundation
import Testing
import FaceLibrary
import FaceTestSupport

/// An outside client's view of the two stores: one face-server on SQLite and
/// one on PostgreSQL get the same request sequence, through the whole API
/// (libraries, quotas, adds, lists, searches, deletes, frees, errors), and
/// must give the same answers, apart from what differs by nature: request_id,
/// time_used, the random face_tokens (compared by the order they first
/// appear in) and add_time.
@Suite struct BackendParityTests {
    @Test func aServerOnPostgreSQLAnswersAsOneOnSQLite() async throws {
        let sqlite = try TestStorage(.sqlite, prefix: "face-parity")
        defer { sqlite.remove() }
        let postgres = try TestStorage(.postgres, prefix: "face-parity")
        defer { postgres.remove() }
        // Serial inference on both, so that the embeddings (and so the confidences)
        // do not depend on how many cores a run happened to get.
        let servers = [sqlite.server(extraArguments: ["--inference-threading", "serial"]),
                       postgres.server(extraArguments: ["--inference-threading", "serial"])]
        for server in servers { try await server.start() }
        let quotas = AppQuotas(maxGroups: 3, maxFaces: 6)
        var runs: [ParityRun] = []
        for server in servers { runs.append(ParityRun(client: server.client(try await server.createApp(quotas: quotas)))) }

        var steps = 0
        for step in ParityRun.script {
            var answers: [JSONNode] = []
            for run in runs { answers.append(try await run.perform(step)) }
            #expect(answers[0] == answers[1], "\(step.name): SQLite \(answers[0]) vs PostgreSQL \(answers[1])")
            steps += 1
        }
        #expect(steps == ParityRun.script.count)
        for server in servers { #expect(try await server.stop() == 0) }
    }
}

/// One request of the sequence; `parts` may name faces added earlier by
/// their index in order of addition.
struct ParityStep: Sendable {
    let name: String
    let endpoint: String
    let parts: @Sendable (_ tokens: [String]) throws -> [(String, FormBody.Part)]

    init(_ name: String, _ endpoint: String,
         _ parts: @escaping @Sendable (_ tokens: [String]) throws -> [(String, FormBody.Part)] = { _ in [] }) {
        self.name = name
        self.endpoint = endpoint
        self.parts = parts
    }

    static func text(_ name: String, _ endpoint: String, _ fields: [(String, String)]) -> ParityStep {
        ParityStep(name, endpoint) { _ in fields.map { ($0.0, .text($0.1)) } }
    }

    static func photo(_ name: String, _ endpoint: String, _ photo: String, _ fields: [(String, String)]) -> ParityStep {
        ParityStep(name, endpoint) { _ in try [("file", TestPhotos.part(photo))] + fields.map { ($0.0, .text($0.1)) } }
    }
}

/// The sequence run against one server, with the tokens it handed out.
final class ParityRun: @unchecked Sendable {
    let client: FaceClient
    /// face_tokens in the order this server first showed them.
    private var seen: [String] = []
    /// face_tokens of successful adds, in order.
    private var added: [String] = []

    init(client: FaceClient) {
        self.client = client
    }

    /// Sends `step` and returns its answer, normalised: status, body without
    /// request_id and time_used, tokens as `token#N`, add_time as a mark.
    func perform(_ step: ParityStep) async throws -> JSONNode {
        let reply = try await client.call(step.endpoint, parts: try step.parts(added))
        let body = reply.json ?? .string(String(decoding: reply.body, as: UTF8.self))
        if step.endpoint == "add", let token = body["face_token"]?.string { added.append(token) }
        return .object(["status": .number(Double(reply.status)), "body": normalise(body)])
    }

    private func normalise(_ node: JSONNode) -> JSONNode {
        switch node {
        case .object(let members):
            var kept: [String: JSONNode] = [:]
            for (key, value) in members where key != "request_id" && key != "time_used" {
                kept[key] = key == "add_time" ? .string("add_time") : normalise(value)
            }
            return .object(kept)
        case .array(let items):
            return .array(items.map(normalise))
        case .string(let text) where text.wholeMatch(of: /[0-9a-f]{32}/) != nil:
            if !seen.contains(text) { seen.append(text) }
            return .string("token#\(seen.firstIndex(of: text)!)")
        default:
            return node
        }
    }

    /// Every endpoint, success and the store-backed errors, in an order
    /// where each step depends on the state the earlier ones left.
    static let script: [ParityStep] = [
        .text("no libraries yet", "group_list", []),
        .text("create staff", "create", [("group_id", "staff"), ("group_name", "Staff"), ("group_data", "floor 2")]),
        .text("create staff again", "create", [("group_id", "staff"), ("group_name", "Again")]),
        .text("create guests", "create", [("group_id", "guests"), ("group_name", "Guests")]),
        .text("create spare", "create", [("group_id", "spare"), ("group_name", "Spare")]),
        .text("a fourth library is over the quota", "create", [("group_id", "fourth"), ("group_name", "Fourth")]),
        .text("an existing id at the quota is GROUP_EXIST", "create", [("group_id", "guests"), ("group_name", "G")]),
        .photo("add obama", "add", "obama.jpg", [("group_id", "staff"), ("user_id", "obama"), ("user_data", "44")]),
        .photo("add obama again", "add", "obama2.jpg", [("group_id", "staff"), ("user_id", "obama")]),
        .photo("add biden", "add", "biden.jpg", [("group_id", "staff"), ("user_id", "biden"), ("user_data", "46")]),
        .photo("add a woman", "add", "woman_01.png", [("group_id", "staff"), ("user_id", "w1")]),
        .photo("a photo without a face", "add", "coffee.png", [("group_id", "staff"), ("user_id", "cup")]),
        .photo("add to a missing library", "add", "obama.jpg", [("group_id", "nowhere"), ("user_id", "obama")]),
        .text("size of staff", "get_size", [("group_id", "staff")]),
        .text("info of staff", "group_info", [("group_id", "staff")]),
        .text("info of a missing library", "group_info", [("group_id", "nowhere")]),
        .text("all libraries", "group_list", []),
        .text("list staff", "list", [("group_id", "staff")]),
        .text("list a page", "list", [("group_id", "staff"), ("start", "2"), ("limit", "2")]),
        .text("list past the end", "list", [("group_id", "staff"), ("start", "10")]),
        ParityStep("face_info of the first face", "face_info") { tokens in
            [("group_id", .text("staff")), ("face_token", .text(tokens[0]))]
        },
        ParityStep("face_info in the wrong library", "face_info") { tokens in
            [("group_id", .text("guests")), ("face_token", .text(tokens[0]))]
        },
        .text("face_info of an unknown token", "face_info",
              [("group_id", "staff"), ("face_token", "0123456789abcdef0123456789abcdef")]),
        .photo("search staff", "search", "obama3.jpg", [("group_id", "staff"), ("limit", "5")]),
        .photo("search above a threshold", "search", "obama3.jpg",
               [("group_id", "staff"), ("limit", "5"), ("threshold", "80")]),
        .photo("search an empty library", "search", "obama3.jpg", [("group_id", "guests"), ("limit", "3")]),
        .photo("fill guests 1", "add", "man_01.png", [("group_id", "guests"), ("user_id", "m1")]),
        .photo("fill guests 2", "add", "man_02.png", [("group_id", "guests"), ("user_id", "m2")]),
        .photo("the seventh face is over the quota", "add", "woman_02.png", [("group_id", "guests"), ("user_id", "w2")]),
        ParityStep("delete a face, an unknown and a malformed token", "delete") { tokens in
            [("group_id", .text("staff")),
             ("face_tokens", .text("\(tokens[1]),fedcba9876543210fedcba9876543210,zz"))]
        },
        ParityStep("face_info of the deleted face", "face_info") { tokens in
            [("group_id", .text("staff")), ("face_token", .text(tokens[1]))]
        },
        .photo("search after the delete", "search", "obama3.jpg", [("group_id", "staff"), ("limit", "5")]),
        .photo("the freed quota takes a face", "add", "woman_02.png", [("group_id", "guests"), ("user_id", "w2")]),
        .text("free a library that holds faces", "free", [("group_id", "staff")]),
        .text("free an empty library", "free", [("group_id", "spare")]),
        .text("its group_id is free again", "create", [("group_id", "spare"), ("group_name", "Spare again")]),
        .text("free guests with its faces", "free", [("group_id", "guests"), ("check_empty", "0")]),
        ParityStep("a face of the freed library", "face_info") { tokens in
            [("group_id", .text("guests")), ("face_token", .text(tokens[4]))]
        },
        .text("free a missing library", "free", [("group_id", "guests")]),
        .text("the libraries left", "group_list", []),
        .text("size of staff at the end", "get_size", [("group_id", "staff")]),
        .text("list staff at the end", "list", [("group_id", "staff")]),
    ]
}
