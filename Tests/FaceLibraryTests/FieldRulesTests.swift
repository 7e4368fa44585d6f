import Testing
import FaceLibrary

@Suite struct FieldRulesTests {
    @Test func identifiersAreLettersDigitsAndSixSymbols() {
        for valid in ["a", "Z9", "-%@#&_", String(repeating: "x", count: 48)] {
            #expect(FieldRules.isIdentifier(valid), "\(valid)")
        }
        for invalid in ["", " ", "a b", "a.b", "a/b", "é", "名", "a+b", "a\u{0}", String(repeating: "x", count: 49)] {
            #expect(!FieldRules.isIdentifier(invalid), "\(invalid)")
        }
    }

    @Test func charactersAreCodePoints() {
        #expect(FieldRules.characterCount("abc") == 3)
        #expect(FieldRules.characterCount("名字") == 2)
        #expect(FieldRules.characterCount("é") == 1)
        #expect(FieldRules.characterCount("e\u{301}") == 2)
    }

    @Test func integersArePlainDecimal() {
        #expect(FieldRules.integerValue("0") == 0 && FieldRules.integerValue("-12") == -12)
        #expect(FieldRules.integerValue("999999999999999999") == 999_999_999_999_999_999)
        #expect(FieldRules.integerValue("007") == 7)
        for bad in ["", "-", "+1", " 1", "1 ", "1.0", "0x10", "1e3", "1-", "--1"] {
            #expect(FieldRules.integerValue(bad) == nil, "\(bad)")
        }
    }

    @Test func integersBeyondIntSaturate() {
        #expect(FieldRules.integerValue("9223372036854775807") == Int.max)
        #expect(FieldRules.integerValue("9223372036854775808") == Int.max)
        #expect(FieldRules.integerValue("1" + String(repeating: "0", count: 40)) == Int.max)
        #expect(FieldRules.integerValue("-9223372036854775808") == Int.min)
        #expect(FieldRules.integerValue("-99999999999999999999") == Int.min)
        #expect(FieldRules.integerValue(String(repeating: "9", count: 30) + "x") == nil)
    }

    @Test func decimalsAreFiniteNumbers() {
        #expect(FieldRules.decimalValue("75") == 75 && FieldRules.decimalValue("80.5") == 80.5)
        #expect(FieldRules.decimalValue(".5") == 0.5 && FieldRules.decimalValue("-1") == -1)
        // What number formatters write (Python's str(1e-05), JavaScript's 1e21, Java's 7.5E1).
        #expect(FieldRules.decimalValue("1e-05") == 1e-5 && FieldRules.decimalValue("7.5E+1") == 75)
        #expect(FieldRules.decimalValue("75.") == 75 && FieldRules.decimalValue("5e-324") == .leastNonzeroMagnitude)
        for bad in ["", ".", "-", "nan", "inf", "1e999", "0x1p3", "1.2.3", "+1", " 1", "1 ", "e5", "1e", "1e+",
                    "1e5.0", "1e-+5", ".e1", String(repeating: "1", count: 33)] {
            #expect(FieldRules.decimalValue(bad) == nil, "\(bad)")
        }
    }
}

@Suite struct RequestValidationTests {
    private func reader(_ fields: [String: String]) -> ArgumentReader { ArgumentReader(fields) }

    @Test func createReadsFieldsInContractOrder() throws {
        #expect(throws: LibraryError.missingArgument(.groupID)) {
            try CreateLibraryRequest(reader(["group_name": String(repeating: "n", count: 99), "model_version": "x"]))
        }
        #expect(throws: LibraryError.badArgument(.groupName)) {
            try CreateLibraryRequest(reader(["group_id": "g", "group_name": String(repeating: "名", count: 61)]))
        }
        #expect(throws: LibraryError.badArgument(.modelVersion)) {
            try CreateLibraryRequest(reader(["group_id": "g", "group_name": "n", "model_version": "S21"]))
        }
        let request = try CreateLibraryRequest(reader(["group_id": "g", "group_name": String(repeating: "名", count: 60)]))
        #expect(request.data == "" && request.modelVersion == "s21")
    }

    @Test func invalidUTF8IsABadArgument() {
        struct Raw: ArgumentSource {
            func argument(named name: String) -> ArgumentValue? {
                name == "group_id" ? ArgumentValue(text: "g") : name == "group_name" ? ArgumentValue(bytes: [0xff, 0xfe]) : nil
            }
        }
        #expect(throws: LibraryError.badArgument(.groupName)) { try CreateLibraryRequest(ArgumentReader(Raw())) }
    }

    @Test func pagingAndFlags() throws {
        let defaults = try ListFacesRequest(reader(["group_id": "g"]))
        #expect(defaults.start == 1 && defaults.limit == 100)
        #expect(throws: LibraryError.badArgument(.start)) { try ListFacesRequest(reader(["group_id": "g", "start": "0"])) }
        #expect(throws: LibraryError.badArgument(.limit)) { try ListFacesRequest(reader(["group_id": "g", "limit": "1001"])) }
        #expect(try FreeLibraryRequest(reader(["group_id": "g"])).checkEmpty)
        #expect(try !FreeLibraryRequest(reader(["group_id": "g", "check_empty": "0"])).checkEmpty)
        #expect(throws: LibraryError.badArgument(.checkEmpty)) { try FreeLibraryRequest(reader(["group_id": "g", "check_empty": "true"])) }
    }

    @Test func flagsAreExactlyZeroOrOne() throws {
        for bad in ["00", "01", "10", "-0", " 1", "2", ""] {
            #expect(throws: LibraryError.badArgument(.checkEmpty), "\(bad)") {
                try FreeLibraryRequest(reader(["group_id": "g", "check_empty": bad]))
            }
            #expect(throws: LibraryError.badArgument(.multiOrientedDetection), "\(bad)") {
                try SearchRequest(reader(["group_id": "g", "file": "x", "multi_oriented_detection": bad]))
            }
        }
        #expect(try FreeLibraryRequest(reader(["group_id": "g", "check_empty": "1"])).checkEmpty)
        #expect(try SearchRequest(reader(["group_id": "g", "file": "x", "multi_oriented_detection": "1"])).multiOrientedDetection)
    }

    @Test func aStartPastAnyLibraryIsAPositionNotAnError() throws {
        for huge in ["1000000000000000000", "1000000000000000001", "9223372036854775808", String(repeating: "9", count: 40)] {
            #expect(try ListFacesRequest(reader(["group_id": "g", "start": huge])).start == ListFacesRequest.maxStart, "\(huge)")
        }
        #expect(try ListFacesRequest(reader(["group_id": "g", "start": "999999999999999999"])).start == 999_999_999_999_999_999)
        #expect(throws: LibraryError.badArgument(.limit)) {
            try ListFacesRequest(reader(["group_id": "g", "limit": "99999999999999999999"]))
        }
        #expect(throws: LibraryError.badArgument(.start)) { try ListFacesRequest(reader(["group_id": "g", "start": "-99999999999999999999"])) }
    }

    @Test func faceTokenLists() throws {
        let tokens = try DeleteFacesRequest(reader(["group_id": "g", "face_tokens": " a , b,,a, c "])).faceTokens
        #expect(tokens == ["a", "b", "c"])
        #expect(throws: LibraryError.badArgument(.faceTokens)) { try DeleteFacesRequest(reader(["group_id": "g", "face_tokens": ","])) }
        let thousand = (0..<1001).map(String.init).joined(separator: ",")
        #expect(throws: LibraryError.badArgument(.faceTokens)) { try DeleteFacesRequest(reader(["group_id": "g", "face_tokens": thousand])) }
        // One rule: the limit counts the tokens acted on, so neither repeats nor empty items count.
        let repeated = (0..<1000).map(String.init).joined(separator: ",") + ",0,1,2"
        #expect(try DeleteFacesRequest(reader(["group_id": "g", "face_tokens": repeated])).faceTokens.count == 1000)
        let padded = (0..<1000).map(String.init).joined(separator: ",") + String(repeating: ",", count: 50)
        #expect(try DeleteFacesRequest(reader(["group_id": "g", "face_tokens": padded])).faceTokens.count == 1000)
        let paddedOver = (0..<1001).map(String.init).joined(separator: ",,")
        #expect(throws: LibraryError.badArgument(.faceTokens)) { try DeleteFacesRequest(reader(["group_id": "g", "face_tokens": paddedOver])) }
        #expect(throws: LibraryError.badArgument(.faceToken)) {
            try FaceInfoRequest(reader(["group_id": "g", "face_token": String(repeating: "A", count: 32)]))
        }
    }

    @Test func addAndSearchArgumentsBeforeTheImage() throws {
        #expect(throws: LibraryError.missingArgument(.image)) { try AddFaceRequest(reader(["group_id": "g", "user_id": "u"])) }
        #expect(throws: LibraryError.coexistingImages) {
            try AddFaceRequest(reader(["group_id": "g", "image": "x", "file": "y", "user_id": "u"]))
        }
        #expect(throws: LibraryError.missingArgument(.groupID)) { try AddFaceRequest(reader(["image": "x", "file": "y"])) }
        #expect(throws: LibraryError.badArgument(.userData)) {
            try AddFaceRequest(reader(["group_id": "g", "image": "x", "user_id": "u", "user_data": String(repeating: "d", count: 129)]))
        }
        let add = try AddFaceRequest(reader(["group_id": "g", "image": "x", "user_id": "u", "multi_oriented_detection": "1"]))
        #expect(add.multiOrientedDetection && add.userData == "" && add.image.field == .image)
        let search = try SearchRequest(reader(["group_id": "g", "file": "x", "threshold": "80"]))
        #expect(search.limit == 1 && search.threshold == 80 && search.image.field == .file)
        #expect(throws: LibraryError.badArgument(.threshold)) { try SearchRequest(reader(["group_id": "g", "file": "x", "threshold": "-1"])) }
    }
}

@Suite struct ImageArgumentTests {
    @Test func base64TextIsDecodedLeniently() throws {
        let plain = ImageArgument(field: .image, base64: Array("aGVsbG8g\r\nd29ybGQ=".utf8))
        #expect(try plain.encodedBytes(limit: 100) == Array("hello world".utf8))
        let prefixed = ImageArgument(field: .image, base64: Array("data:image/png;base64,aGk+Pz9+".utf8))
        #expect(try prefixed.encodedBytes(limit: 100) == Array("hi>??~".utf8))
        // A `+` that became a space in an unescaped urlencoded body is restored.
        let spaced = ImageArgument(field: .image, base64: Array("aGk Pz9 ".utf8))
        #expect(try spaced.encodedBytes(limit: 100) == Array("hi>??~".utf8))
    }

    @Test func badOrOversizedImagesAreImageErrors() {
        #expect(throws: LibraryError.unsupportedImageFormat(.image)) {
            try ImageArgument(field: .image, base64: Array("not*base64".utf8)).encodedBytes(limit: 100)
        }
        #expect(throws: LibraryError.unsupportedImageFormat(.image)) {
            try ImageArgument(field: .image, base64: Array("data:text/plain,aGk=".utf8)).encodedBytes(limit: 100)
        }
        #expect(throws: LibraryError.unsupportedImageFormat(.file)) { try ImageArgument(field: .file, binary: []).encodedBytes(limit: 100) }
        #expect(throws: LibraryError.imageTooLarge(.file)) {
            try ImageArgument(field: .file, binary: [UInt8](repeating: 1, count: 101)).encodedBytes(limit: 100)
        }
        #expect(throws: LibraryError.imageTooLarge(.image)) {
            try ImageArgument(field: .image, base64: [UInt8](repeating: UInt8(ascii: "A"), count: 400)).encodedBytes(limit: 100)
        }
    }
}
