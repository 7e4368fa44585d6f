import Foundation
import Testing
import FaceTestSupport
import ReplyChecks

/// A client that hangs up before its request is complete (a flaky mobile
/// network) is not a server failure: it must not feed the INTERNAL_ERROR
/// rate that ops alert on, nor log at error level.
@Suite struct ClientHangUpTests {
    @Test func aHangUpMidBodyIsCountedApartFromServerErrors() async throws {
        try await withAdminServer { server in
            let head = "POST /finauth/search/group/group_list HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\n"
            // 4 of the 100 announced bytes, then the client goes: half-closed, or fully closed.
            for halfClose in [true, true, false, false] {
                let connection = try RawConnection(port: server.port)
                try connection.send(Array((head + "sign").utf8))
                if halfClose {
                    connection.finishSending()
                    _ = try await FaceClient.offload { try connection.receiveAll() }
                }
            }
            let hungUp = #"facesearch_requests_total{endpoint="group_list",status="499",error="CLIENT_CLOSED",reason="none"}"#
            try await eventually { try await scrape(server)[hungUp] == 4 }
            let metrics = try await scrape(server)
            #expect(!metrics.keys.contains { $0.contains("INTERNAL_ERROR") || $0.contains("status=\"500\"") }, "\(metrics)")

            let lines = server.logText().split(separator: "\n").compactMap { JSONNode(parsing: Array($0.utf8)) }
            let requests = lines.filter { $0["message"]?.string == "request" && $0["status"]?.string == "499" }
            #expect(requests.count == 4)
            #expect(requests.allSatisfy { $0["level"]?.string == "info" && $0["error"]?.string == "CLIENT_CLOSED" })
            #expect(!lines.contains { $0["level"]?.string == "error" }, "\(server.logText())")

            // The server goes on serving.
            expectSuccess(try await server.client(try await server.createApp()).call("group_list"), fields: ["group_infos"])
        }
    }
}
