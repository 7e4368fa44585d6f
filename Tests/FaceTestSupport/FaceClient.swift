import Foundation

/// A tenant app's client: builds form bodies, signs them, and posts them to
/// a face-server through a transport (a real socket, or a router in-process).
public struct FaceClient: Sendable {
    public let transport: any HTTPTransport
    public let credentials: Credentials

    /// How the body is encoded.
    public enum Encoding: Sendable {
        case multipart
        case urlencoded
    }

    /// What goes into `sign` and `sign_version`.
    public enum Signing: Sendable {
        /// A fresh signature valid for `validity` seconds (0: single use).
        case fresh(Signer.Version, validity: Int64)
        /// Exactly these values (nil leaves the field out).
        case custom(sign: String?, version: String?)

        /// A fresh hmac_sha1 signature valid for ten minutes.
        public static let standard = Signing.fresh(.hmacSHA1, validity: 600)
    }

    /// A client for `credentials` against the server on loopback `port`.
    public init(port: Int, credentials: Credentials) {
        self.init(transport: SocketTransport(port: port), credentials: credentials)
    }

    /// A client for `credentials` sending through `transport`.
    public init(transport: any HTTPTransport, credentials: Credentials) {
        self.transport = transport
        self.credentials = credentials
    }

    /// Posts text fields to `/finauth/search/group/<endpoint>`.
    public func call(_ endpoint: String, _ fields: [(String, String)] = [], encoding: Encoding = .multipart,
                     signing: Signing = .standard) async throws -> HTTPReply {
        let signed = signingFields(signing) + fields
        switch encoding {
        case .multipart:
            return try await call(endpoint, parts: signed.map { ($0.0, .text($0.1)) }, signing: .custom(sign: nil, version: nil))
        case .urlencoded:
            let (contentType, body) = FormBody.urlencoded(signed)
            return try await post(path: "/finauth/search/group/\(endpoint)", contentType: contentType, body: body)
        }
    }

    /// Posts multipart parts (text or files) to `/finauth/search/group/<endpoint>`.
    public func call(_ endpoint: String, parts: [(String, FormBody.Part)],
                     signing: Signing = .standard) async throws -> HTTPReply {
        let (contentType, body) = FormBody.multipart(signingFields(signing).map { ($0.0, .text($0.1)) } + parts)
        return try await post(path: "/finauth/search/group/\(endpoint)", contentType: contentType, body: body)
    }

    /// Sends one request (`method`, default POST) and reads the whole reply.
    public func post(path: String, contentType: String?, body: [UInt8], method: String = "POST") async throws -> HTTPReply {
        try await transport.send(method: method, path: path, headers: contentType.map { [("Content-Type", $0)] } ?? [],
                                 body: body)
    }

    private func signingFields(_ signing: Signing) -> [(String, String)] {
        switch signing {
        case let .fresh(version, validity):
            return [("sign_version", version.rawValue),
                    ("sign", Signer.sign(credentials, version: version, validity: validity))]
        case let .custom(sign, version):
            return (version.map { [("sign_version", $0)] } ?? []) + (sign.map { [("sign", $0)] } ?? [])
        }
    }

    /// Runs blocking work (sockets, decoding) on a thread of its own, off Swift's cooperative
    /// pool (Dispatch's pool on Linux keeps about one thread per core, so many
    /// blocked calls there would wait for each other).
    public static func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try work() }) }.start()
        }
    }
}

/// The server's reply could not be read as HTTP.
public enum FaceClientError: Error, CustomStringConvertible {
    case unparsableReply([UInt8])

    public var description: String {
        switch self {
        case .unparsableReply(let bytes): "unparsable reply: \(String(decoding: bytes.prefix(500), as: UTF8.self))"
        }
    }
}
