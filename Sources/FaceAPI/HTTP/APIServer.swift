import Hummingbird
import Logging
import NIOCore

/// Builds the Hummingbird application that serves a `FaceAPI`.
public enum APIServer {
    /// An HTTP/1.1 application on `host:port` (port 0 picks a free one),
    /// answering `Expect: 100-continue` and closing connections that send too
    /// slowly (`APISettings.readTimeout`); `onRunning` receives the bound port.
    public static func application(
        api: FaceAPI, host: String, port: Int, logger: Logger,
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let (maxBodyBytes, readTimeout) = (api.settings.maxBodyBytes, api.settings.readTimeout)
        return Application(
            router: api.router(),
            server: .http1(configuration: .init(
                additionalChannelHandlers: [ExpectContinueHandler(maxBodyBytes: maxBodyBytes),
                                            RequestReadDeadline(timeout: readTimeout)],
                idleTimeout: readTimeout)),
            configuration: .init(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
            logger: logger)
    }
}
