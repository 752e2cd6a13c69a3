/// The kinds of personal and secret data the scanner finds. The raw value is the
/// placeholder stem (`<EMAIL_1>`) in upper case and the report's name in lower case.
public enum PIIEntity: String, CaseIterable, Sendable, Hashable {
    case email, phone, creditCard = "credit_card", iban, ssn, ipAddress = "ip_address"
    case macAddress = "mac_address", urlCredentials = "url_credentials", secret
    case cryptoAddress = "crypto_address", dateOfBirth = "date_of_birth", medicalRecord = "medical_record"
    case person, address

    public var placeholderStem: String { rawValue.uppercased() }

    /// Structured identifiers carry a checksum or a fixed shape; the others are found by
    /// context and lists, and are less reliable (see `NameDetector`).
    public var isStructured: Bool {
        switch self {
        case .person, .address, .dateOfBirth, .medicalRecord: return false
        default: return true
        }
    }

    /// Parses a name as the language and the report write it ("email", "ip_address").
    public init?(name: String) {
        guard let e = PIIEntity(rawValue: name.lowercased()) else { return nil }
        self = e
    }
}

/// One finding: the entity and its byte range in the UTF-8 text.
public struct PIIFinding: Equatable, Sendable {
    public var entity: PIIEntity
    public var start: Int
    public var end: Int

    public init(entity: PIIEntity, start: Int, end: Int) {
        self.entity = entity
        self.start = start
        self.end = end
    }
}
