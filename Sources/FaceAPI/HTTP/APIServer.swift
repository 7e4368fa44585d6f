import FaceLibrary
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore

/// Builds the Hummingbird applications: the tenant API and the admin listener.
public enum APIServer {
    /// An HTTP/1.1 application serving `api` on `host:port` (port 0 picks a
    /// free one), over TLS when `tls` is given, answering `Expect: 100-continue`
    /// and unreadable requests (JSON, not a bare 400), and closing connections
    /// that send too slowly (`APISettings.readTimeout`); `onRunning` receives the bound port.
    public static func application(
        api: FaceAPI, host: String, port: Int, tls: TLSConfiguration? = nil, logger: Logger,
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) throws -> some ApplicationProtocol {
        let (maxBodyBytes, readTimeout, requestLogger) = (api.settings.maxBodyBytes, api.settings.readTimeout, api.logger)
        let http = HTTPServerBuilder.http1(configuration: .init(
            additionalChannelHandlers: [MalformedRequestResponder(logger: requestLogger),
                                        ExpectContinueHandler(maxBodyBytes: maxBodyBytes),
                                        RequestReadDeadline(timeout: readTimeout)],
            idleTimeout: readTimeout))
        return Application(
            router: api.router(),
            server: try tls.map { try .tls(http, tlsConfiguration: $0) } ?? http,
            configuration: .init(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
            logger: logger)
    }

    /// The admin listener (plain HTTP/1.1) serving `admin` on `host:port`.
    public static func adminApplication(
        admin: AdminAPI, host: String, port: Int, logger: Logger,
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: admin.router(),
            server: .http1(configuration: .init(idleTimeout: .seconds(75))),
            configuration: .init(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
            logger: logger)
    }
}
