import Foundation
import Testing
import FaceTestSupport
import ReplyChecks

/// Slow senders (slowloris) must not hold connections for ever, nor keep
/// other clients from being served meanwhile.
@Suite struct SlowClientTests {
    private static let readTimeout = 2.0
    /// Far longer than the timeout: a server without one lets the whole trickle through.
    private static let trickleInterval: TimeInterval = 0.2

    /// How a slow client behaves after connecting.
    private enum Slowness: CaseIterable {
        /// Header bytes one at a time (no HTTP part completes).
        case head
        /// The head at once, then body bytes one at a time (every byte is a body part).
        case body
        /// Nothing at all.
        case silent
    }

    @Test func slowSendersAreCutOffWhileOthersAreServed() async throws {
        try await withServer(arguments: ["--read-timeout", "\(Int(Self.readTimeout))"]) { server in
            let client = server.client(try await server.createApp())
            let (contentType, body) = FormBody.multipart([("sign_version", .text("hmac_sha1")),
                                                          ("sign", .text(Signer.sign(client.credentials)))])
            let head = Array(("POST /finauth/search/group/group_list HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: \(contentType)\r\nContent-Length: \(body.count)\r\n\r\n").utf8)
            let port = server.port
            let slowClients = (0..<6).flatMap { _ in Slowness.allCases }.map { slowness in
                Task {
                    try await FaceClient.offload { () -> (Slowness, closed: Bool, seconds: Double) in
                        let connection = try RawConnection(port: port, timeoutSeconds: 60)
                        let start = ContinuousClock.now
                        let closed: Bool
                        switch slowness {
                        case .head:
                            closed = connection.trickle(head + body, interval: Self.trickleInterval)
                        case .body:
                            try connection.send(head)
                            closed = connection.trickle(body, interval: Self.trickleInterval)
                        case .silent:
                            closed = (try? connection.receiveAll()) == []
                        }
                        return (slowness, closed, Self.seconds(ContinuousClock.now - start))
                    }
                }
            }

            // While they hang on, others are served as usual.
            var served = 0
            let until = ContinuousClock.now + .seconds(Self.readTimeout + 1)
            while ContinuousClock.now < until {
                expectSuccess(try await client.call("group_list"), fields: ["group_infos"])
                served += 1
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(served >= 10)

            for slowClient in slowClients {
                let (slowness, closed, seconds) = try await slowClient.value
                #expect(closed, "\(slowness) sender was never cut off")
                // Closed by the read timeout: not before it, and not long after.
                #expect(seconds >= Self.readTimeout - 0.1 && seconds < Self.readTimeout + 4,
                        "\(slowness) sender cut off after \(seconds) s")
            }
            expectSuccess(try await client.call("group_list"), fields: ["group_infos"])
        }
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
