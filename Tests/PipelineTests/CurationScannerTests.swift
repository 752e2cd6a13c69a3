import Pipeline
import XCTest

/// One behaviour per detector: what it finds, and the look-alikes it must leave alone.
final class CurationScannerTests: XCTestCase {
    let scanner = PIIScanner()

    /// The (entity, text) pairs found in `text`.
    func found(_ text: String) -> [(PIIEntity, String)] {
        let bytes = Array(text.utf8)
        return scanner.scan(text).map { ($0.entity, String(decoding: bytes[$0.start..<$0.end], as: UTF8.self)) }
    }

    func assertFinds(_ text: String, _ entity: PIIEntity, _ value: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertTrue(found(text).contains { $0.0 == entity && $0.1 == value }, "\(text): expected \(entity) \"\(value)\", got \(found(text))", file: file, line: line)
    }

    func assertNothing(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertTrue(found(text).isEmpty, "\(text): expected nothing, got \(found(text))", file: file, line: line)
    }

    func testEmail() {
        assertFinds("write to jane.doe+tag@mail.example.co.uk today", .email, "jane.doe+tag@mail.example.co.uk")
        assertNothing("the @mention and user@localhost and a@b.c stay")
    }

    func testCardNeedsLuhn() {
        assertFinds("card 4111 1111 1111 1111.", .creditCard, "4111 1111 1111 1111")
        assertFinds("amex 378282246310005", .creditCard, "378282246310005")
        assertNothing("card 4111 1111 1111 1112.")
    }

    func testIBANNeedsMod97() {
        assertFinds("IBAN DE89 3704 0044 0532 0130 00, thanks", .iban, "DE89 3704 0044 0532 0130 00")
        assertFinds("to GB82WEST12345698765432.", .iban, "GB82WEST12345698765432")
        assertNothing("to GB82WEST12345698765433.")
    }

    func testSSNInvalidRanges() {
        assertFinds("SSN 123-45-6789", .ssn, "123-45-6789")
        for bad in ["000-12-3456", "666-12-3456", "912-34-5678", "123-00-4567", "123-45-0000"] { assertNothing("SSN \(bad)") }
        assertFinds("social security number 219099999", .ssn, "219099999")
        assertNothing("ticket 219099999 closed")
    }

    func testPhones() {
        assertFinds("call +44 20 7946 0958 now", .phone, "+44 20 7946 0958")
        assertFinds("call (415) 555-0132.", .phone, "(415) 555-0132")
        assertFinds("call 415-555-0132x123.", .phone, "415-555-0132x123")
        assertFinds("Tel. 030 12345678", .phone, "030 12345678")
        assertFinds("+33 1 42 68 53 00", .phone, "+33 1 42 68 53 00")
        assertNothing("on 2024-03-15 at 14:30, order 48213, 2019-2020, ZIP 62701-1234, v1.2.3, total 1,234.56")
        assertNothing("ORD-2024-0012345 and SKU-48213-B")
    }

    func testNetwork() {
        assertFinds("from 81.2.69.160.", .ipAddress, "81.2.69.160")
        assertFinds("from 2001:db8:85a3::8a2e:370:7334 and", .ipAddress, "2001:db8:85a3::8a2e:370:7334")
        assertFinds("loopback ::1 is short but fe80::1ff:fe23:4567:890a is not", .ipAddress, "fe80::1ff:fe23:4567:890a")
        assertNothing("version 1.2.3.4.5, 256.1.1.1, at 12:30:45, std::vector")
        assertFinds("device 00:1A:2B:3C:4D:5E joined", .macAddress, "00:1A:2B:3C:4D:5E")
        assertFinds("db postgres://admin:s3cret@db.internal:5432/app.", .urlCredentials, "postgres://admin:s3cret@db.internal:5432/app")
        assertNothing("see https://example.com/a:b and http://example.com:8080/x")
        XCTAssertFalse(found("https://user@example.com").contains { $0.0 == .urlCredentials }, "no password, no credentials")
    }

    func testSecrets() {
        assertFinds("key sk-proj-abcdefghijklmnopqrstuvwxyz123456", .secret, "sk-proj-abcdefghijklmnopqrstuvwxyz123456")
        assertFinds("AKIAIOSFODNN7EXAMPLE", .secret, "AKIAIOSFODNN7EXAMPLE")
        assertFinds("ghp_0123456789abcdefghijklmnopqrstuvwxyz", .secret, "ghp_0123456789abcdefghijklmnopqrstuvwxyz")
        let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"
        assertFinds("Bearer \(jwt)", .secret, jwt)
        let pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n-----END RSA PRIVATE KEY-----"
        assertFinds("key:\n\(pem)\n", .secret, pem)
        assertNothing("the sk-learn package and a skeleton key")
    }

    func testCryptoAddresses() {
        assertFinds("pay 0x52908400098527886E0F7030069857D2E4169EE7 now", .cryptoAddress, "0x52908400098527886E0F7030069857D2E4169EE7")
        assertFinds("to bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", .cryptoAddress, "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4")
        assertNothing("to bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5")
    }

    func testPHINeedsContext() {
        assertFinds("Patient born on 1984-03-05, seen 2024-01-02.", .dateOfBirth, "1984-03-05")
        assertFinds("DOB: March 5, 1984", .dateOfBirth, "March 5, 1984")
        XCTAssertEqual(found("Patient born on 1984-03-05, seen 2024-01-02.").filter { $0.0 == .dateOfBirth }.count, 1)
        assertNothing("Shipped on 1984-03-05 and March 5, 1984.")
        assertFinds("MRN: MR-0042137 admitted", .medicalRecord, "MR-0042137")
        assertNothing("order MR-0042137 shipped")
    }

    func testNamesAndAddresses() {
        assertFinds("I'm Emma Müller from sales", .person, "Emma Müller")
        assertFinds("holder Sean O'Brien.", .person, "Sean O'Brien")
        assertFinds("ask luca de vries", .person, "luca de vries")
        assertFinds("Dr. Okonkwo will call", .person, "Okonkwo")
        assertFinds("WHERE e.last_name = 'O''Brien'", .person, "O''Brien")
        assertNothing("Park Avenue and The Green")
        assertFinds("lives at 742 Evergreen Terrace, Springfield, IL 62704 now", .address, "742 Evergreen Terrace, Springfield, IL 62704")
        assertFinds("Hauptstraße 12, 10115 Berlin.", .address, "Hauptstraße 12, 10115 Berlin")
        assertFinds("at 221 Baker Street, London NW1 6XE.", .address, "221 Baker Street, London NW1 6XE")
    }

    func testEntityFilterAndOffsets() {
        let s = PIIScanner(entities: [.email])
        let text = "héllo bob@x.io +1 415 555 0132"
        let f = s.scan(text)
        XCTAssertEqual(f.count, 1)
        XCTAssertEqual(f.first.map { String(decoding: Array(text.utf8)[$0.start..<$0.end], as: UTF8.self) }, "bob@x.io")
    }

    func testHostileInputDoesNotCrash() {
        var state: UInt64 = 12345
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        let alphabet = Array("0123456789 +-.:@/()'xABCDEFabcdef\n-----BEGIN PRIVATE KEY".utf8)
        for _ in 0..<300 {
            let bytes = (0..<next(200)).map { _ in alphabet[next(alphabet.count)] }
            _ = scanner.scan(String(decoding: bytes, as: UTF8.self))
        }
        _ = scanner.scan("+"); _ = scanner.scan("@"); _ = scanner.scan("'"); _ = scanner.scan("1")
    }
}
