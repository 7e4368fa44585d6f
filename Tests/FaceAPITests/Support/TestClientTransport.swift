import FaceTestSupport
import HTTPTypes
import HummingbirdTesting
import NIOCore

/// Sends FaceClient's requests through HummingbirdTesting: straight into the
/// router (`.router`) or over one real connection to an in-process server (`.live`).
struct TestClientTransport: HTTPTransport {
    let client: any TestClientProtocol

    func send(method: String, path: String, headers: [(String, String)], body: [UInt8]) async throws -> HTTPReply {
        var fields = HTTPFields()
        for (name, value) in headers {
            guard let name = HTTPField.Name(name) else { throw TransportError.badHeaderName(name) }
            fields.append(HTTPField(name: name, value: value))
        }
        let response = try await client.executeRequest(uri: path, method: HTTPRequest.Method(method) ?? .post,
                                                       headers: fields, body: ByteBuffer(bytes: body))
        var replyHeaders: [String: String] = [:]
        for field in response.headers where replyHeaders[field.name.canonicalName] == nil {
            replyHeaders[field.name.canonicalName] = field.value
        }
        return HTTPReply(status: response.status.code, headers: replyHeaders, body: Array(response.body.readableBytesView))
    }

    enum TransportError: Error {
        case badHeaderName(String)
    }
}
