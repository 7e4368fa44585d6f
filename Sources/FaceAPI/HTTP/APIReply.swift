import Hummingbird

/// Renders the contract's JSON envelope: `request_id` and `time_used` first,
/// then either the endpoint's fields or `error` (and `reason`).
enum APIReply {
    /// The Content-Type of every answer.
    static let contentType = "application/json; charset=utf-8"

    static func success(_ fields: [(String, JSONValue)], trace: RequestTrace) -> Response {
        response(.ok, fields, trace: trace)
    }

    static func failure(_ error: APIError, trace: RequestTrace) -> Response {
        response(error.status, failureFields(error), trace: trace)
    }

    /// The JSON of a failure, for answers written below the router.
    static func failureBody(_ error: APIError, trace: RequestTrace) -> [UInt8] {
        envelope(failureFields(error), trace: trace)
    }

    private static func failureFields(_ error: APIError) -> [(String, JSONValue)] {
        var fields: [(String, JSONValue)] = [("error", .string(error.code))]
        if let reason = error.reason { fields.append(("reason", .string(reason))) }
        return fields
    }

    private static func envelope(_ fields: [(String, JSONValue)], trace: RequestTrace) -> [UInt8] {
        JSONValue.object([
            ("request_id", .string(trace.requestID)),
            ("time_used", .integer(trace.elapsedMilliseconds)),
        ] + fields).serialized()
    }

    private static func response(_ status: HTTPResponse.Status, _ fields: [(String, JSONValue)],
                                 trace: RequestTrace) -> Response {
        var buffer = ByteBuffer()
        buffer.writeBytes(envelope(fields, trace: trace))
        return Response(status: status, headers: [.contentType: contentType], body: ResponseBody(byteBuffer: buffer))
    }
}
