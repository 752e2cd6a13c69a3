#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The sample databases the demo agent answers questions about. Their contents are fixed
/// (generated from a constant seed), so SQL in any demo log runs against any copy.
public enum DemoDatabase: String, CaseIterable, Sendable {
    case shop, hr, flights

    /// `CREATE TABLE` statements, in dependency order.
    public var schema: [String] {
        switch self {
        case .shop: return [
            "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL UNIQUE, phone TEXT, street_address TEXT, city TEXT NOT NULL, country TEXT NOT NULL, signup_date TEXT NOT NULL)",
            "CREATE TABLE products (id INTEGER PRIMARY KEY, name TEXT NOT NULL, category TEXT NOT NULL, price REAL NOT NULL)",
            "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers(id), order_date TEXT NOT NULL, status TEXT NOT NULL, total REAL NOT NULL)",
            "CREATE TABLE order_items (order_id INTEGER NOT NULL REFERENCES orders(id), product_id INTEGER NOT NULL REFERENCES products(id), quantity INTEGER NOT NULL, unit_price REAL NOT NULL)",
            "CREATE TABLE payments (id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL REFERENCES orders(id), method TEXT NOT NULL, amount REAL NOT NULL, paid_at TEXT NOT NULL)",
            "CREATE TABLE reviews (id INTEGER PRIMARY KEY, product_id INTEGER NOT NULL REFERENCES products(id), customer_id INTEGER NOT NULL REFERENCES customers(id), rating INTEGER NOT NULL, created_at TEXT NOT NULL)",
        ]
        case .hr: return [
            "CREATE TABLE departments (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, location TEXT NOT NULL)",
            "CREATE TABLE employees (id INTEGER PRIMARY KEY, first_name TEXT NOT NULL, last_name TEXT NOT NULL, email TEXT NOT NULL, department_id INTEGER NOT NULL REFERENCES departments(id), manager_id INTEGER REFERENCES employees(id), title TEXT NOT NULL, hire_date TEXT NOT NULL, salary REAL NOT NULL)",
            "CREATE TABLE salary_history (id INTEGER PRIMARY KEY, employee_id INTEGER NOT NULL REFERENCES employees(id), amount REAL NOT NULL, effective_date TEXT NOT NULL)",
            "CREATE TABLE projects (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, department_id INTEGER NOT NULL REFERENCES departments(id), budget REAL NOT NULL, start_date TEXT NOT NULL)",
            "CREATE TABLE assignments (employee_id INTEGER NOT NULL REFERENCES employees(id), project_id INTEGER NOT NULL REFERENCES projects(id), role TEXT NOT NULL, hours REAL NOT NULL)",
        ]
        case .flights: return [
            "CREATE TABLE airports (code TEXT PRIMARY KEY, name TEXT NOT NULL, city TEXT NOT NULL, country TEXT NOT NULL)",
            "CREATE TABLE airlines (code TEXT PRIMARY KEY, name TEXT NOT NULL)",
            "CREATE TABLE flights (id INTEGER PRIMARY KEY, airline_code TEXT NOT NULL REFERENCES airlines(code), flight_no TEXT NOT NULL, origin TEXT NOT NULL REFERENCES airports(code), destination TEXT NOT NULL REFERENCES airports(code), departure TEXT NOT NULL, arrival TEXT NOT NULL, status TEXT NOT NULL)",
            "CREATE TABLE passengers (id INTEGER PRIMARY KEY, full_name TEXT NOT NULL, email TEXT NOT NULL, passport_country TEXT NOT NULL)",
            "CREATE TABLE bookings (id INTEGER PRIMARY KEY, flight_id INTEGER NOT NULL REFERENCES flights(id), passenger_id INTEGER NOT NULL REFERENCES passengers(id), seat TEXT NOT NULL, class TEXT NOT NULL, price REAL NOT NULL)",
        ]
        }
    }

    /// Table names with their columns, parsed from `schema`.
    public var tables: [(name: String, columns: [String])] {
        schema.map { sql in
            let name = sql.split(separator: " ")[2]
            let inner = sql.drop(while: { $0 != "(" }).dropFirst().dropLast()
            let columns = Self.splitTopLevel(String(inner)).map { String($0.trimmingPrefix(" ").split(separator: " ")[0]) }
            return (String(name), columns)
        }
    }

    private static func splitTopLevel(_ s: String) -> [String] {
        var parts: [String] = [], depth = 0, current = ""
        for ch in s {
            if ch == "(" { depth += 1 } else if ch == ")" { depth -= 1 }
            if ch == "," && depth == 0 { parts.append(current); current = "" } else { current.append(ch) }
        }
        parts.append(current)
        return parts
    }

    /// Creates the tables and fills them with the fixed demo rows.
    public func create(on db: SQLiteConnection) throws {
        var rng = SplitMix64(seed: 0x5EED_DA7A ^ UInt64(DemoDatabase.allCases.firstIndex(of: self) ?? 0))
        var faker = PIIFaker(rng: rng.fork())
        try db.transaction {
            for sql in schema { try db.execute(sql) }
            switch self {
            case .shop: try Self.fillShop(db, &rng, &faker)
            case .hr: try Self.fillHR(db, &rng, &faker)
            case .flights: try Self.fillFlights(db, &rng, &faker)
            }
        }
    }

    /// Writes `shop.db`, `hr.db` and `flights.db` into `directory` (replacing old copies)
    /// and returns their paths.
    @discardableResult
    public static func createAll(in directory: String) throws -> [String] {
        try allCases.map { database in
            let path = directory + "/" + database.rawValue + ".db"
            for suffix in ["", "-wal", "-shm", "-journal"] { unlink(path + suffix) }
            let db = try SQLiteConnection(path: path)
            try database.create(on: db)
            return path
        }
    }

    static func insert(_ db: SQLiteConnection, _ table: String, _ rows: [[SQLValue]]) throws {
        guard let width = rows.first?.count else { return }
        let stmt = try db.prepare("INSERT INTO \(table) VALUES (\(Array(repeating: "?", count: width).joined(separator: ", ")))")
        for row in rows { try stmt.run(row) }
    }

    static func date(_ dayOffset: Int, from start: (Int64, Int64, Int64) = (2023, 1, 1)) -> String {
        let days = Timestamp.days(fromCivil: start.0, start.1, start.2) + Int64(dayOffset)
        return String(Timestamp.iso(milliseconds: days * 86_400_000).prefix(10))
    }

    static func round2(_ x: Double) -> Double { (x * 100).rounded() / 100 }

    static let shopCities: [(String, String)] = [
        ("Berlin", "Germany"), ("Munich", "Germany"), ("Hamburg", "Germany"), ("Paris", "France"), ("Lyon", "France"),
        ("London", "United Kingdom"), ("Manchester", "United Kingdom"), ("Madrid", "Spain"), ("Barcelona", "Spain"),
        ("Amsterdam", "Netherlands"), ("Rotterdam", "Netherlands"), ("Milan", "Italy"), ("Rome", "Italy"),
        ("Vienna", "Austria"), ("Zurich", "Switzerland"), ("Stockholm", "Sweden"), ("Warsaw", "Poland"), ("Lisbon", "Portugal"),
    ]
    static let productCatalog: [(String, [String], ClosedRange<Double>)] = [
        ("electronics", ["Wireless Earbuds", "USB-C Charger", "Smart Watch", "Bluetooth Speaker", "Laptop Stand", "Mechanical Keyboard", "4K Monitor", "Webcam"], 19...499),
        ("books", ["Cookbook", "Travel Guide", "Thriller Novel", "Science Primer", "Poetry Collection", "Children's Atlas"], 8...45),
        ("home", ["Ceramic Mug", "Linen Towel", "Table Lamp", "Throw Blanket", "Cutting Board", "Plant Pot", "Wall Clock"], 9...120),
        ("sports", ["Yoga Mat", "Running Shoes", "Water Bottle", "Resistance Bands", "Cycling Gloves", "Tennis Racket"], 12...180),
        ("toys", ["Puzzle 1000 Pieces", "Building Blocks", "Plush Bear", "Board Game", "Kite", "Toy Train"], 7...90),
        ("beauty", ["Face Cream", "Shampoo", "Lip Balm", "Perfume", "Hair Brush"], 5...95),
        ("garden", ["Garden Hose", "Pruning Shears", "Seed Kit", "Bird Feeder", "Solar Lantern"], 6...140),
    ]
    static let productAdjectives = ["Classic", "Eco", "Pro", "Compact", "Deluxe", "Essential", "Nordic", "Urban"]
    static let orderStatuses = ["delivered", "delivered", "delivered", "delivered", "shipped", "pending", "cancelled", "returned"]
    static let paymentMethods = ["card", "card", "card", "paypal", "paypal", "bank_transfer", "gift_card"]

    private static func fillShop(_ db: SQLiteConnection, _ rng: inout SplitMix64, _ faker: inout PIIFaker) throws {
        var customers: [[SQLValue]] = []
        var emails = Set<String>()
        for id in 1...400 {
            let name = faker.personName()
            var email = faker.email(for: name)
            while emails.contains(email) { email = faker.email(for: name) }
            emails.insert(email)
            let (city, country) = rng.pick(shopCities)
            customers.append([.int(Int64(id)), .text(name), .text(email), .text(faker.phone()), .text(faker.streetAddress()),
                              .text(city), .text(country), .text(date(rng.int(-400...700)))])
        }
        try insert(db, "customers", customers)
        var products: [[SQLValue]] = []
        var prices: [Double] = [0]
        for id in 1...120 {
            let (category, nouns, range) = productCatalog[(id - 1) % productCatalog.count]
            let price = round2(range.lowerBound + (range.upperBound - range.lowerBound) * pow(rng.unit(), 2))
            prices.append(price)
            products.append([.int(Int64(id)), .text("\(rng.pick(productAdjectives)) \(rng.pick(nouns))"), .text(category), .double(price)])
        }
        try insert(db, "products", products)
        var orders: [[SQLValue]] = [], items: [[SQLValue]] = [], payments: [[SQLValue]] = []
        for id in 1...3000 {
            let day = rng.int(0...789)
            let status = rng.pick(orderStatuses)
            var total = 0.0
            for _ in 0..<rng.int(1...4) {
                let product = rng.int(1...120), quantity = rng.int(1...3)
                total += prices[product] * Double(quantity)
                items.append([.int(Int64(id)), .int(Int64(product)), .int(Int64(quantity)), .double(prices[product])])
            }
            total = round2(total)
            orders.append([.int(Int64(id)), .int(Int64(rng.int(1...400))), .text(date(day)), .text(status), .double(total)])
            if status != "cancelled" && status != "pending" && rng.chance(0.93) {
                payments.append([.int(Int64(payments.count + 1)), .int(Int64(id)), .text(rng.pick(paymentMethods)),
                                 .double(total), .text(date(day + rng.int(0...3)))])
            }
        }
        try insert(db, "orders", orders)
        try insert(db, "order_items", items)
        try insert(db, "payments", payments)
        let reviews: [[SQLValue]] = (1...1500).map { id in
            let rating = min(5, max(1, Int((4.1 + 1.1 * rng.normal()).rounded())))
            return [.int(Int64(id)), .int(Int64(rng.int(1...120))), .int(Int64(rng.int(1...400))), .int(Int64(rating)), .text(date(rng.int(10...789)))]
        }
        try insert(db, "reviews", reviews)
    }

    static let departments: [(String, String, ClosedRange<Double>)] = [
        ("Engineering", "Berlin", 62_000...125_000), ("Sales", "London", 45_000...98_000), ("Marketing", "Paris", 44_000...90_000),
        ("Finance", "Frankfurt", 52_000...110_000), ("Human Resources", "Berlin", 42_000...85_000),
        ("Customer Support", "Lisbon", 30_000...55_000), ("Legal", "London", 70_000...140_000),
        ("Operations", "Warsaw", 38_000...80_000), ("Product", "Amsterdam", 60_000...120_000), ("Data Science", "Berlin", 65_000...130_000),
    ]
    static let titles = ["Associate", "Specialist", "Senior Specialist", "Lead", "Manager"]
    static let projectNames = ["Apollo", "Borealis", "Cascade", "Delta", "Ember", "Falcon", "Glacier", "Horizon", "Ion", "Juniper",
                               "Kestrel", "Lumen", "Meridian", "Nimbus", "Orion", "Pulsar", "Quartz", "Redwood", "Sierra", "Tundra",
                               "Umbra", "Vortex", "Willow", "Xenon", "Yukon", "Zephyr", "Atlas", "Beacon", "Comet", "Dune"]
    static let roles = ["developer", "analyst", "reviewer", "lead", "designer", "tester"]

    private static func fillHR(_ db: SQLiteConnection, _ rng: inout SplitMix64, _ faker: inout PIIFaker) throws {
        try insert(db, "departments", departments.enumerated().map { [.int(Int64($0.offset + 1)), .text($0.element.0), .text($0.element.1)] })
        var employees: [[SQLValue]] = [], salaries: [Double] = [0], hireDays: [Int] = [0]
        var heads: [Int: Int] = [:], leads: [Int: [Int]] = [:]
        for id in 1...300 {
            let dept = (id - 1) % departments.count + 1
            let name = faker.personName().split(separator: " ", maxSplits: 1).map(String.init)
            let range = departments[dept - 1].2
            let salary = (range.lowerBound + (range.upperBound - range.lowerBound) * rng.unit()).rounded()
            let manager: SQLValue, title: String
            if let head = heads[dept] {
                let pool = leads[dept, default: []]
                if pool.count < 3 && rng.chance(0.3) {
                    leads[dept, default: []].append(id)
                    manager = .int(Int64(head)); title = "Lead"
                } else {
                    manager = .int(Int64(pool.isEmpty ? head : rng.pick(pool))); title = rng.pick(Array(titles.prefix(3)))
                }
            } else {
                heads[dept] = id
                manager = .null; title = "Head of \(departments[dept - 1].0)"
            }
            let hire = rng.int(-2500...760)
            salaries.append(salary)
            hireDays.append(hire)
            employees.append([.int(Int64(id)), .text(name[0]), .text(name.count > 1 ? name[1] : "Doe"),
                              .text(faker.email(for: name.joined(separator: " "))), .int(Int64(dept)), manager, .text(title),
                              .text(date(hire)), .double(salary)])
        }
        try insert(db, "employees", employees)
        let history: [[SQLValue]] = (1...500).map { id in
            let e = rng.int(1...300)
            return [.int(Int64(id)), .int(Int64(e)), .double((salaries[e] * (1 + 0.02 + 0.06 * rng.unit())).rounded()),
                    .text(date(max(hireDays[e] + 180, rng.int(0...780))))]
        }
        try insert(db, "salary_history", history)
        try insert(db, "projects", projectNames.enumerated().map { i, name in
            [.int(Int64(i + 1)), .text(name), .int(Int64(rng.int(1...departments.count))),
             .double(Double(rng.int(5...120)) * 10_000), .text(date(rng.int(0...700)))]
        })
        var pairs = Set<Int>()
        var assignments: [[SQLValue]] = []
        while assignments.count < 600 {
            let e = rng.int(1...300), p = rng.int(1...projectNames.count)
            guard pairs.insert(e * 1000 + p).inserted else { continue }
            assignments.append([.int(Int64(e)), .int(Int64(p)), .text(rng.pick(roles)), .double(Double(rng.int(4...400)))])
        }
        try insert(db, "assignments", assignments)
    }

    static let airports: [(String, String, String, String)] = [
        ("FRA", "Frankfurt Airport", "Frankfurt", "Germany"), ("MUC", "Munich Airport", "Munich", "Germany"),
        ("BER", "Berlin Brandenburg Airport", "Berlin", "Germany"), ("LHR", "Heathrow Airport", "London", "United Kingdom"),
        ("LGW", "Gatwick Airport", "London", "United Kingdom"), ("MAN", "Manchester Airport", "Manchester", "United Kingdom"),
        ("CDG", "Charles de Gaulle Airport", "Paris", "France"), ("ORY", "Orly Airport", "Paris", "France"),
        ("NCE", "Nice Côte d'Azur Airport", "Nice", "France"), ("AMS", "Amsterdam Airport Schiphol", "Amsterdam", "Netherlands"),
        ("MAD", "Adolfo Suárez Madrid–Barajas Airport", "Madrid", "Spain"), ("BCN", "Josep Tarradellas Barcelona–El Prat Airport", "Barcelona", "Spain"),
        ("FCO", "Leonardo da Vinci–Fiumicino Airport", "Rome", "Italy"), ("MXP", "Milan Malpensa Airport", "Milan", "Italy"),
        ("VIE", "Vienna International Airport", "Vienna", "Austria"), ("ZRH", "Zurich Airport", "Zurich", "Switzerland"),
        ("CPH", "Copenhagen Airport", "Copenhagen", "Denmark"), ("ARN", "Stockholm Arlanda Airport", "Stockholm", "Sweden"),
        ("OSL", "Oslo Airport", "Oslo", "Norway"), ("HEL", "Helsinki Airport", "Helsinki", "Finland"),
        ("DUB", "Dublin Airport", "Dublin", "Ireland"), ("LIS", "Humberto Delgado Airport", "Lisbon", "Portugal"),
        ("WAW", "Warsaw Chopin Airport", "Warsaw", "Poland"), ("PRG", "Václav Havel Airport Prague", "Prague", "Czechia"),
        ("ATH", "Athens International Airport", "Athens", "Greece"),
    ]
    static let airlines: [(String, String)] = [
        ("LH", "Lufthansa"), ("BA", "British Airways"), ("AF", "Air France"), ("KL", "KLM"),
        ("IB", "Iberia"), ("U2", "easyJet"), ("FR", "Ryanair"), ("SK", "SAS"),
    ]
    static let flightStatuses = ["on_time", "on_time", "on_time", "on_time", "on_time", "delayed", "delayed", "cancelled"]

    private static func fillFlights(_ db: SQLiteConnection, _ rng: inout SplitMix64, _ faker: inout PIIFaker) throws {
        try insert(db, "airports", airports.map { [.text($0.0), .text($0.1), .text($0.2), .text($0.3)] })
        try insert(db, "airlines", airlines.map { [.text($0.0), .text($0.1)] })
        // A route network: each airline flies a fixed set of routes, several times.
        var routes: [(String, String, String)] = []
        for (code, _) in airlines {
            for _ in 0..<12 {
                let a = rng.pick(airports).0
                var b = rng.pick(airports).0
                while b == a { b = rng.pick(airports).0 }
                routes.append((code, a, b))
            }
        }
        let startMs = Timestamp.days(fromCivil: 2024, 6, 1) * 86_400_000
        var flights: [[SQLValue]] = []
        for id in 1...4000 {
            let (airline, origin, destination) = rng.pick(routes)
            let departure = startMs + Int64(rng.int(0...273)) * 86_400_000 + Int64(rng.int(5 * 12...22 * 12)) * 300_000
            let arrival = departure + Int64(rng.int(50...240)) * 60_000
            flights.append([.int(Int64(id)), .text(airline), .text("\(airline)\(rng.int(100...9899))"), .text(origin), .text(destination),
                            .text(String(Timestamp.iso(milliseconds: departure).prefix(16))),
                            .text(String(Timestamp.iso(milliseconds: arrival).prefix(16))), .text(rng.pick(flightStatuses))])
        }
        try insert(db, "flights", flights)
        try insert(db, "passengers", (1...800).map { id in
            let name = faker.personName()
            return [.int(Int64(id)), .text(name), .text(faker.email(for: name)),
                    .text(rng.pick(["DE", "FR", "GB", "NL", "ES", "IT", "PL", "SE", "US", "IN"]))]
        })
        let classes = ["economy", "economy", "economy", "economy", "premium_economy", "business"]
        try insert(db, "bookings", (1...6000).map { id in
            let cls = rng.pick(classes)
            let base = cls == "business" ? 420.0 : cls == "premium_economy" ? 210.0 : 95.0
            return [.int(Int64(id)), .int(Int64(rng.int(1...4000))), .int(Int64(rng.int(1...800))),
                    .text("\(rng.int(1...38))\(rng.pick(["A", "B", "C", "D", "E", "F"]))"), .text(cls),
                    .double(round2(base * (0.6 + rng.unit())))]
        })
    }
}
