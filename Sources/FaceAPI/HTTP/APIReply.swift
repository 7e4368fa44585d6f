import Hummingbird

/// Renders the contract's JSON envelope: `request_id` and `time_used` first,
/// then either the endpoint's fields or `error` (and `reason`).
enum APIReply {
    static func success(_ fields: [(String, JSONValue)], trace: RequestTrace) -> Response {
        response(.ok, fields, trace: trace)
    }

    static func failure(_ error: APIError, trace: RequestTrace) -> Response {
        var fields: [(String, JSONValue)] = [("error", .string(error.code))]
        if let reason = error.reason { fields.append(("reason", .string(reason))) }
        return response(error.status, fields, trace: trace)
    }

    private static func response(_ status: HTTPResponse.Status, _ fields: [(String, JSONValue)],
                                 trace: RequestTrace) -> Response {
        let envelope = JSONValue.object([
            ("request_id", .string(trace.requestID)),
            ("time_used", .integer(trace.elapsedMilliseconds)),
        ] + fields)
        let body = envelope.serialized()
        var buffer = ByteBuffer()
        buffer.writeBytes(body)
        return Response(status: status,
                        headers: [.contentType: "application/json; charset=utf-8"],
                        body: ResponseBody(byteBuffer: buffer))
    }
}
