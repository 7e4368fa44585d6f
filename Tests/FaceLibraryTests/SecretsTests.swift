import Foundation
import Testing
import FaceLibrary
import FaceTestSupport

@Suite struct SecretsTests {
    @Test func sealedSecretsOpenOnlyWithTheirKeyAndAPIKey() throws {
        let sealer = SecretSealer(key: [UInt8](repeating: 7, count: 32))
        let secret = Array("the secret".utf8)
        let sealed = try sealer.seal(secret, apiKey: "app-1")
        #expect(try sealer.open(sealed, apiKey: "app-1") == secret)
        #expect(try sealer.seal(secret, apiKey: "app-1") != sealed, "fresh nonce per seal")
        #expect(!sealed.windows(secret.count).contains(secret[...]))
        #expect(throws: CryptoFailure.unsealFailed) { try sealer.open(sealed, apiKey: "app-2") }
        #expect(throws: CryptoFailure.unsealFailed) {
            try SecretSealer(key: [UInt8](repeating: 8, count: 32)).open(sealed, apiKey: "app-1")
        }
        var tampered = sealed
        tampered[20] ^= 1
        #expect(throws: CryptoFailure.unsealFailed) { try sealer.open(tampered, apiKey: "app-1") }
        #expect(throws: CryptoFailure.unsealFailed) { try sealer.open([1, 2, 3], apiKey: "app-1") }
    }

    @Test func keyFileIsCreatedOncePrivately() throws {
        let directory = try TemporaryDirectory(prefix: "sealing")
        defer { directory.remove() }
        let dataDirectory = directory.appending("data")
        let first = try SealingKeyFile.loadOrCreate(in: dataDirectory)
        #expect(first.count == 32)
        #expect(try SealingKeyFile.loadOrCreate(in: dataDirectory) == first)
        let attributes = try FileManager.default.attributesOfItem(atPath: "\(dataDirectory)/\(SealingKeyFile.fileName)")
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dataDirectory) == [SealingKeyFile.fileName])
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: "\(dataDirectory)/\(SealingKeyFile.fileName)"))
        #expect(throws: CryptoFailure.self) { try SealingKeyFile.loadOrCreate(in: dataDirectory) }
    }

    @Test func faceTokensAreRandomLowercaseHex() throws {
        let tokens = try (0..<100).map { _ in try FaceToken.random() }
        #expect(tokens.allSatisfy(FaceToken.isValid))
        #expect(Set(tokens).count == 100)
        #expect(!FaceToken.isValid(String(repeating: "A", count: 32)) && !FaceToken.isValid("abc"))
    }
}

extension Array where Element: Equatable {
    fileprivate func windows(_ size: Int) -> [ArraySlice<Element>] {
        count < size ? [] : (0...(count - size)).map { self[$0..<($0 + size)] }
    }
}
