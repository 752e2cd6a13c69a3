/// Values that fill the demo questions, read from the sample databases so every generated
/// query finds real rows.
struct DemoVocabulary {
    private var lists: [String: [[String]]] = [:]
    /// Lists whose values are personal data, and which PII type they are.
    private static let piiKinds: [String: String] = ["customer_email": "email", "manager": "person", "passenger": "person"]

    init(databases: [DemoDatabase: SQLiteConnection]) throws {
        func column(_ db: DemoDatabase, _ sql: String) throws -> [[String]] {
            guard let conn = databases[db] else { return [] }
            return try conn.query(sql).map { $0.map { $0.textValue ?? $0.description } }
        }
        lists["shop_city"] = try column(.shop, "SELECT DISTINCT city FROM customers ORDER BY city")
        lists["shop_country"] = try column(.shop, "SELECT DISTINCT country FROM customers ORDER BY country")
        lists["shop_category"] = try column(.shop, "SELECT DISTINCT category FROM products ORDER BY category")
        lists["payment_method"] = try column(.shop, "SELECT DISTINCT method FROM payments ORDER BY method")
        lists["customer_email"] = try column(.shop, "SELECT email FROM customers WHERE id IN (SELECT customer_id FROM orders) ORDER BY id")
        lists["shop_year"] = [["2023"], ["2024"], ["2025"]]
        lists["top_k"] = [["3"], ["5"], ["10"]]
        lists["department"] = try column(.hr, "SELECT name FROM departments ORDER BY id")
        lists["hr_year"] = [["2022"], ["2023"], ["2024"]]
        lists["manager"] = try column(.hr, "SELECT DISTINCT m.first_name || ' ' || m.last_name, m.first_name, m.last_name FROM employees e JOIN employees m ON m.id = e.manager_id ORDER BY m.id")
        lists["project"] = try column(.hr, "SELECT name FROM projects ORDER BY id")
        lists["route"] = try column(.flights, "SELECT DISTINCT origin, destination FROM flights WHERE status = 'delayed' ORDER BY 1, 2")
        lists["cabin_class"] = try column(.flights, "SELECT DISTINCT class FROM bookings ORDER BY class")
        lists["passenger"] = try column(.flights, "SELECT full_name FROM passengers WHERE id IN (SELECT passenger_id FROM bookings) ORDER BY id")
        lists["airline"] = try column(.flights, "SELECT name FROM airlines ORDER BY code")
        lists["flight_month"] = try column(.flights, "SELECT DISTINCT strftime('%Y-%m', departure) FROM flights ORDER BY 1")
    }

    /// Draws values for a task's placeholders: placeholder -> text, plus the PII drawn.
    func sample(_ parameters: [String: String], _ rng: inout SplitMix64) -> ([String: String], [PIIRecord]) {
        var values: [String: String] = [:]
        var pii: [PIIRecord] = []
        for (name, listName) in parameters.sorted(by: { $0.key < $1.key }) {
            guard let list = lists[listName], !list.isEmpty else { continue }
            let row = rng.pick(list)
            switch listName {
            case "route":
                values["origin"] = row[0]
                values["destination"] = row.count > 1 ? row[1] : row[0]
            case "manager":
                values["manager"] = row[0]
                values["manager_first"] = row.count > 1 ? row[1] : row[0]
                values["manager_last"] = row.count > 2 ? row[2] : row[0]
            default:
                values[name] = row[0]
            }
            if let kind = Self.piiKinds[listName] { pii.append(PIIRecord(type: kind, value: row[0])) }
        }
        return (values, pii)
    }

    /// Fills `{name}` placeholders; in SQL, values are quoted-safe (a `'` doubled).
    static func fill(_ template: String, _ values: [String: String], sql: Bool = false) -> String {
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let key = String(rest[rest.index(after: open)..<close])
            if let value = values[key] {
                out += sql ? value.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "''") : value
            } else {
                out += rest[open...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }
}
