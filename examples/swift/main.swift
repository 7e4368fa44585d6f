// A FaceSearch client in Swift: signs one request and sends it as multipart
// form data. Built with the package as `facesearch-example`:
//
//   facesearch-example URL API_KEY API_SECRET ENDPOINT [field=value | field=@FILE ...]
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

let arguments = CommandLine.arguments
guard arguments.count >= 5, let base = URL(string: arguments[1]) else {
    FileHandle.standardError.write(Data("usage: facesearch-example URL API_KEY API_SECRET ENDPOINT [field=value|field=@FILE ...]\n".utf8))
    exit(2)
}
let fields = ["sign_version=hmac_sha1", "sign=\(sign(apiKey: arguments[2], apiSecret: arguments[3]))"]
    + arguments.dropFirst(5)
let boundary = UUID().uuidString
var request = URLRequest(url: base.appendingPathComponent("finauth/search/group/\(arguments[4])"))
request.httpMethod = "POST"
request.setValue("multipart/form-data; boundary=\(boundary)", forHTTPHeaderField: "Content-Type")
request.httpBody = try multipartBody(Array(fields), boundary: boundary)
let (data, _) = try await URLSession.shared.data(for: request)
print(String(decoding: data, as: UTF8.self))
