// A FaceSearch client in Swift: signs one request and sends it as multipart
// form data. Built with the package as `facesearch-example`:
//
//   facesearch-example URL API_KEY API_SECRET ENDPOINT [field=value | field=@FILE ...]
//
// Prints the JSON answer. Exit status: 0 on success; 1 when the API answers an
// error (one line on stderr names it); 2 when a file cannot be read or the
// server cannot be reached (one line on stderr).
//
// The HMAC comes from OpenSSL here because the package already links it; an
// app would use swift-crypto's `HMAC<Insecure.SHA1>` the same way.
import COpenSSL
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// sign = base64(HMAC-SHA1(api_secret, raw) || raw), raw = a=<key>&b=<expires>&c=<now>&d=<random>.
func sign(apiKey: String, apiSecret: String, validFor seconds: Int = 600) -> String {
    let now = Int(Date().timeIntervalSince1970)
    let raw = Array("a=\(apiKey)&b=\(now + seconds)&c=\(now)&d=\(UInt32.random(in: 0...UInt32.max))".utf8)
    let key = Array(apiSecret.utf8)
    var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
    var length: UInt32 = 0
    _ = HMAC(EVP_sha1(), key, Int32(key.count), raw, raw.count, &digest, &length)
    return Data(digest.prefix(Int(length)) + raw).base64EncodedString()
}

/// A multipart body of text fields and files (`field=@path`).
func multipartBody(_ arguments: [String], boundary: String) throws -> Data {
    var body = Data()
    for argument in arguments {
        guard let equals = argument.firstIndex(of: "=") else { continue }
        let name = String(argument[..<equals]), value = String(argument[argument.index(after: equals)...])
        body.append(Data("--\(boundary)\r\n".utf8))
        if value.hasPrefix("@") {
            let path = String(value.dropFirst())
            body.append(Data("Content-Disposition: form-data; name=\"\(name)\"; filename=\"\((path as NSString).lastPathComponent)\"\r\n".utf8))
            body.append(Data("Content-Type: application/octet-stream\r\n\r\n".utf8))
            body.append(try Data(contentsOf: URL(fileURLWithPath: path)))
        } else {
            body.append(Data("Content-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)".utf8))
        }
        body.append(Data("\r\n".utf8))
    }
    body.append(Data("--\(boundary)--\r\n".utf8))
    return body
}

/// Writes one line to stderr and exits with `status`.
func fail(_ message: String, status: Int32) -> Never {
    FileHandle.standardError.write(Data("facesearch-example: \(message)\n".utf8))
    exit(status)
}

let arguments = CommandLine.arguments
guard arguments.count >= 5, let base = URL(string: arguments[1]) else {
    fail("usage: facesearch-example URL API_KEY API_SECRET ENDPOINT [field=value|field=@FILE ...]", status: 2)
}
let endpoint = arguments[4]
let fields = ["sign_version=hmac_sha1", "sign=\(sign(apiKey: arguments[2], apiSecret: arguments[3]))"]
    + arguments.dropFirst(5)
let boundary = UUID().uuidString
var request = URLRequest(url: base.appendingPathComponent("finauth/search/group/\(endpoint)"))
request.httpMethod = "POST"
request.setValue("multipart/form-data; boundary=\(boundary)", forHTTPHeaderField: "Content-Type")
do {
    request.httpBody = try multipartBody(Array(fields), boundary: boundary)
} catch {
    fail("cannot read a file: \(error.localizedDescription)", status: 2)
}
let data: Data
let response: URLResponse
do {
    (data, response) = try await URLSession.shared.data(for: request)
} catch {
    fail("cannot reach \(arguments[1]): \(error.localizedDescription)", status: 2)
}
print(String(decoding: data, as: UTF8.self))
let status = (response as? HTTPURLResponse)?.statusCode ?? 0
if status != 200 {
    let answer = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    let error = answer?["error"] as? String ?? "(no error field)"
    let reason = (answer?["reason"] as? String).map { " (\($0))" } ?? ""
    fail("\(endpoint) failed: HTTP \(status) \(error)\(reason)", status: 1)
}
