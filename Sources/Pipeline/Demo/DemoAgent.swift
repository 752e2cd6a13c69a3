import Foundation

/// The Query Writer Agent of Belcak et al. (2025): a table-name extractor, a re-ranker, a
/// text-to-SQL writer and a query fixer (narrow, repetitive: SLM-suited), and an open-ended
/// researcher (LLM-suited). Each method returns the LM calls one user request causes, with
/// outputs correct by construction (the SQL is the task's, run for real where results show).
struct DemoAgent {
    let databases: [DemoDatabase: SQLiteConnection]
    let vocabulary: DemoVocabulary
    var rng: SplitMix64
    var faker: PIIFaker
    /// Prompt version: deployments change their prompts over time (1 or 2).
    var version = 1
    private var resultCache: [String: QueryResult] = [:]

    static let smallModel = "gpt-4o-mini-2024-07-18"
    static let largeModel = "gpt-4o-2024-08-06"
    static let researchModels = ["gpt-4o-2024-08-06", "gpt-4o-2024-08-06", "claude-3-5-sonnet-20241022"]

    init(databases: [DemoDatabase: SQLiteConnection], rng: SplitMix64) throws {
        self.databases = databases
        self.vocabulary = try DemoVocabulary(databases: databases)
        var rng = rng
        self.faker = PIIFaker(rng: rng.fork())
        self.rng = rng
    }

    // MARK: - The user's question

    /// A question in one of its phrasings, with an opener and closer, sometimes wrapped in
    /// personal data the way support tickets and forwarded mails carry it.
    mutating func phrase(_ phrasings: [String], _ values: [String: String]) -> (String, [PIIRecord]) {
        var q = DemoVocabulary.fill(rng.pick(phrasings), values)
        if rng.chance(0.15) { q = q.lowercased() }
        if rng.chance(0.1), q.hasSuffix("?") || q.hasSuffix(".") { q.removeLast() }
        q = rng.pick(DemoTasks.openers) + q + rng.pick(DemoTasks.closers)
        guard rng.chance(0.3) else { return (q, []) }
        let name = faker.personName()
        let email = faker.email(for: name)
        switch rng.int(0...6) {
        case 0:
            return ("I'm \(name) (\(email)) from the analytics team. \(q)", [.init(type: "person", value: name), .init(type: "email", value: email)])
        case 1:
            let phone = faker.phone()
            return ("\(q) If anything is unclear, call me at \(phone).", [.init(type: "phone", value: phone)])
        case 2:
            let phone = faker.phone()
            return ("Customer \(name) (\(email), \(phone)) raised this: \(q)",
                    [.init(type: "person", value: name), .init(type: "email", value: email), .init(type: "phone", value: phone)])
        case 3:
            let ip = faker.ipAddress()
            return ("Ticket #\(rng.int(10000...99999)) from \(email) (IP \(ip)): \(q)", [.init(type: "email", value: email), .init(type: "ip_address", value: ip)])
        case 4:
            let address = faker.streetAddress(), card = faker.cardNumber()
            return ("\(q) Note: the customer \(name) at \(address) disputes a charge on card \(card).",
                    [.init(type: "person", value: name), .init(type: "address", value: address), .init(type: "credit_card", value: card)])
        case 5:
            let iban = faker.iban()
            return ("\(q) Refunds go to IBAN \(iban), account holder \(name).", [.init(type: "iban", value: iban), .init(type: "person", value: name)])
        default:
            return ("Forwarded from \(name) <\(email)>: \(q)", [.init(type: "person", value: name), .init(type: "email", value: email)])
        }
    }

    private mutating func toolCallID() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        return "call_" + String((0..<24).map { _ in rng.pick(alphabet) })
    }

    static func message(_ role: String, _ content: String) -> JSONValue {
        .object(["role": .string(role), "content": .string(content)])
    }

    static func tool(_ name: String, _ description: String, _ properties: [JSONMember], required: [String]) -> JSONValue {
        .object(["type": .string("function"), "function": .object([
            "name": .string(name), "description": .string(description),
            "parameters": .object(["type": .string("object"), "properties": .object(properties),
                                   "required": .array(required.map(JSONValue.string))]),
        ])])
    }

    static func stringProperty(_ description: String, enumValues: [String]? = nil) -> JSONValue {
        var members = [JSONMember(key: "type", value: .string("string")), JSONMember(key: "description", value: .string(description))]
        if let enumValues { members.append(JSONMember(key: "enum", value: .array(enumValues.map(JSONValue.string)))) }
        return .object(members)
    }

    static let databaseNames = DemoDatabase.allCases.map(\.rawValue)
    static let executeSQLTool = tool("execute_sql", "Run one read-only SQLite query on a company database and return the rows.", [
        JSONMember(key: "database", value: stringProperty("Which database to query.", enumValues: databaseNames)),
        JSONMember(key: "query", value: stringProperty("A single SQLite SELECT statement.")),
    ], required: ["database", "query"])
    static let runSQLTool = tool("run_sql", "Query a company database (SQLite). Returns columns and up to 50 rows.", [
        JSONMember(key: "database", value: stringProperty("shop, hr or flights", enumValues: databaseNames)),
        JSONMember(key: "query", value: stringProperty("SQL SELECT statement")),
    ], required: ["database", "query"])
    static let searchDocsTool = tool("search_docs", "Search internal reports, wiki pages and announcements.", [
        JSONMember(key: "query", value: stringProperty("Search terms")),
        JSONMember(key: "top_k", value: .object(["type": .string("integer"), "description": .string("How many results (1-10).")])),
    ], required: ["query"])

    private func schemaListing(_ db: DemoDatabase) -> String {
        db.tables.map { "- \($0.name)(\($0.columns.joined(separator: ", ")))" }.joined(separator: "\n")
    }

    private func createStatements(_ db: DemoDatabase, tables: [String]) -> String {
        db.schema.filter { sql in tables.contains(where: { sql.hasPrefix("CREATE TABLE \($0) ") }) }.map { $0 + ";" }.joined(separator: "\n")
    }

    // MARK: - Text-to-SQL sessions: extractor -> re-ranker -> writer (-> fixer)

    /// The calls of one text-to-SQL request, in order.
    mutating func sqlSession() -> [DemoCall] {
        let task = rng.pick(DemoTasks.sql)
        let (values, valuePII) = vocabulary.sample(task.parameters, &rng)
        let sql = DemoVocabulary.fill(task.sql, values, sql: true)
        let (question, questionPII) = phrase(task.phrasings, values)
        let pii = Self.occurring(valuePII, in: [question, sql], values: values) + questionPII
        let tables = DemoSQL.tables(sql)
        var calls = [extractor(task, question, pii, sql, tables), reranker(task, question, pii, sql, tables),
                     writer(task, question, pii, sql, tables)]
        if rng.chance(0.3), var fix = fixer(task, sql, tables, values) {
            fix.pii = Self.occurring(valuePII, in: [sql], values: values)
            calls.append(fix)
        }
        return calls
    }

    /// A query fixer call on its own: a user pasted a failing query.
    mutating func fixerAlone() -> DemoCall? {
        let task = rng.pick(DemoTasks.sql)
        let (values, valuePII) = vocabulary.sample(task.parameters, &rng)
        let sql = DemoVocabulary.fill(task.sql, values, sql: true)
        guard var call = fixer(task, sql, DemoSQL.tables(sql), values) else { return nil }
        call.pii = Self.occurring(valuePII, in: [sql], values: values)
        return call
    }

    /// The personal data drawn from the databases as it occurs in `texts`: the value itself,
    /// its SQL-quoted form (O''Brien) and, for a manager, the first and last name the SQL
    /// compares separately.
    static func occurring(_ pii: [PIIRecord], in texts: [String], values: [String: String]) -> [PIIRecord] {
        var out: [PIIRecord] = []
        for record in pii {
            var forms = [record.value]
            if record.value == values["manager"] {
                forms += [values["manager_first"], values["manager_last"]].compactMap { $0 }
            }
            forms += forms.map { $0.replacingOccurrences(of: "'", with: "''") }
            for form in Set(forms).sorted() where texts.contains(where: { $0.contains(form) }) {
                out.append(PIIRecord(type: record.type, value: form))
            }
        }
        return out
    }

    private mutating func extractor(_ task: SQLTask, _ question: String, _ pii: [PIIRecord], _ sql: String, _ tables: [String]) -> DemoCall {
        let system = version == 1
            ? "You are the table-name extractor of a text-to-SQL agent. Given the tables of a database and a user question, return the tables needed to answer it as JSON: {\"tables\": [...]}. Use only table names from the list."
            : "You extract table names for SQL generation.\nRules:\n1. Read the question and the table list.\n2. Answer with JSON only, in the form {\"tables\": [\"t1\", \"t2\"]}.\n3. Never invent tables; include join tables the query needs."
        let user = rng.chance(0.5)
            ? "Database: \(task.database.rawValue)\nTables:\n\(schemaListing(task.database))\n\nQuestion: \(question)"
            : "Question: \(question)\n\nAvailable tables in `\(task.database.rawValue)`:\n\(schemaListing(task.database))"
        let output = JSONValue.object(["tables": .array(tables.map(JSONValue.string))]).jsonText
        return DemoCall(component: "table_extractor", model: Self.smallModel,
                        messages: [Self.message("system", system), Self.message("user", user)], tools: [], temperature: 0,
                        content: output, question: question, pii: pii, task: task.id, database: task.database, sql: sql)
    }

    private mutating func reranker(_ task: SQLTask, _ question: String, _ pii: [PIIRecord], _ sql: String, _ tables: [String]) -> DemoCall {
        let relevant = DemoSQL.columns(sql, in: task.database)
        let others = task.database.tables.flatMap { t in t.columns.map { "\(t.name).\($0)" } }.filter { !relevant.contains($0) }
        var distractors = others
        rng.shuffle(&distractors)
        var candidates = relevant + distractors.prefix(rng.int(4...8))
        rng.shuffle(&candidates)
        let system = version == 1
            ? "You re-rank candidate schema columns for a text-to-SQL question. Return JSON {\"ranking\": [{\"column\": ..., \"score\": ...}]} with every candidate, most relevant first, scores between 0 and 1."
            : "Rank the candidate columns by how useful they are for writing SQL that answers the question. Output only JSON: {\"ranking\": [{\"column\": \"table.column\", \"score\": 0.0-1.0}, ...]}, best first, all candidates included."
        let list = candidates.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: "\n")
        let user = "Question: \(question)\nCandidates:\n\(list)"
        var score = 0.99
        var ranking: [JSONValue] = []
        for column in relevant {
            ranking.append(.object(["column": .string(column), "score": .double((score * 100).rounded() / 100)]))
            score -= 0.01 * Double(rng.int(1...4))
        }
        score = 0.35
        for column in candidates where !relevant.contains(column) {
            ranking.append(.object(["column": .string(column), "score": .double((score * 100).rounded() / 100)]))
            score = max(0.01, score - 0.01 * Double(rng.int(1...6)))
        }
        return DemoCall(component: "reranker", model: Self.smallModel,
                        messages: [Self.message("system", system), Self.message("user", user)], tools: [], temperature: 0,
                        content: JSONValue.object(["ranking": .array(ranking)]).jsonText,
                        question: question, pii: pii, task: task.id, database: task.database, sql: sql)
    }

    private mutating func writer(_ task: SQLTask, _ question: String, _ pii: [PIIRecord], _ sql: String, _ tables: [String]) -> DemoCall {
        let schema = createStatements(task.database, tables: tables)
        let useTool = version == 2 || rng.chance(0.3)
        let system = useTool
            ? "You are an expert SQLite query writer. Write one query that answers the user's question using only the tables given, then call execute_sql with it. Do not explain."
            : "You write SQLite queries. Answer with exactly one SQL query in a ```sql code block, using only the tables given."
        let user = rng.chance(0.5)
            ? "Schema (\(task.database.rawValue)):\n\(schema)\n\nQuestion: \(question)"
            : "\(question)\n\n-- tables --\n\(schema)"
        var call = DemoCall(component: "sql_writer", model: Self.largeModel,
                            messages: [Self.message("system", system), Self.message("user", user)],
                            tools: useTool ? [Self.executeSQLTool] : [], temperature: 0, content: nil,
                            question: question, pii: pii, task: task.id, database: task.database, sql: sql)
        if useTool {
            let args = JSONValue.object(["database": .string(task.database.rawValue), "query": .string(sql)]).jsonText
            call.toolCalls = [(toolCallID(), "execute_sql", args)]
            call.finishReason = "tool_calls"
        } else {
            call.content = "```sql\n\(sql);\n```"
        }
        return call
    }

    /// A query fixer call: a realistic mistake in the task's SQL, the real SQLite error it
    /// raises, and the correct query as the answer.
    private mutating func fixer(_ task: SQLTask, _ sql: String, _ tables: [String], _ values: [String: String]) -> DemoCall? {
        guard let db = databases[task.database] else { return nil }
        var mutations = [0, 1, 2, 3]
        rng.shuffle(&mutations)
        for kind in mutations {
            guard let broken = mutate(sql, kind: kind, database: task.database) else { continue }
            let message: String
            do {
                _ = try db.prepare(broken)
                continue
            } catch let e as SQLiteError {
                message = e.message
            } catch {
                continue
            }
            let schema = createStatements(task.database, tables: tables)
            let system = version == 1
                ? "You fix SQLite queries. Given the schema, a failing query and the error, reply with the corrected query only."
                : "You are a SQL debugging assistant for SQLite. Return only the corrected query in a ```sql block, no commentary."
            let user: String
            switch rng.int(0...2) {
            case 0: user = "This query fails on the \(task.database.rawValue) database:\n\n\(broken)\n\nError: \(message)\n\nSchema:\n\(schema)"
            case 1: user = "Fix this query.\nQuery: \(broken)\nSQLite says: \(message)\nTables:\n\(schema)"
            default: user = "Schema:\n\(schema)\n\nMy query\n\(broken)\nreturns the error \"\(message)\". What is wrong? Give me the working query."
            }
            let content = version == 1 ? sql : "```sql\n\(sql)\n```"
            return DemoCall(component: "query_fixer", model: Self.largeModel,
                            messages: [Self.message("system", system), Self.message("user", user)], tools: [], temperature: 0,
                            content: content, question: broken, pii: [], task: task.id, database: task.database, sql: sql)
        }
        return nil
    }

    /// Typical SQL slips: a misspelt column, a singular table name, a dropped keyword, an
    /// unterminated string.
    private mutating func mutate(_ sql: String, kind: Int, database: DemoDatabase) -> String? {
        switch kind {
        case 0:
            let columns = DemoSQL.columns(sql, in: database).map { String($0.split(separator: ".")[1]) }.filter { $0.count > 3 && $0 != "name" }
            guard let column = columns.isEmpty ? nil : rng.pick(columns) else { return nil }
            var chars = Array(column)
            chars.remove(at: rng.int(1..<(chars.count - 1)))
            return replaceWord(sql, column, with: String(chars))
        case 1:
            guard let table = DemoSQL.tables(sql).first(where: { $0.hasSuffix("s") }) else { return nil }
            return replaceWord(sql, table, with: String(table.dropLast()))
        case 2:
            if sql.contains("GROUP BY") { return sql.replacingOccurrences(of: "GROUP BY", with: "GROUP") }
            return sql.replacingOccurrences(of: " FROM ", with: " FORM ")
        default:
            guard let quote = sql.lastIndex(of: "'") else { return nil }
            var s = sql
            s.remove(at: quote)
            return s
        }
    }

    /// Replaces the first whole-word occurrence of `word`.
    private func replaceWord(_ text: String, _ word: String, with replacement: String) -> String? {
        var searchStart = text.startIndex
        while let range = text.range(of: word, range: searchStart..<text.endIndex) {
            let before = range.lowerBound == text.startIndex ? nil : text[text.index(before: range.lowerBound)]
            let after = range.upperBound == text.endIndex ? nil : text[range.upperBound]
            func isWord(_ c: Character?) -> Bool { c.map { $0.isLetter || $0.isNumber || $0 == "_" } ?? false }
            if !isWord(before) && !isWord(after) { return text.replacingCharacters(in: range, with: replacement) }
            searchStart = range.upperBound
        }
        return nil
    }

    // MARK: - Research sessions: a tool-using loop ending in a written answer

    mutating func researchSession() -> [DemoCall] {
        let task = rng.pick(DemoTasks.research)
        let (values, _) = vocabulary.sample(task.parameters, &rng)
        let (question, pii) = phrase(task.phrasings, values)
        let sql = DemoVocabulary.fill(task.sql, values, sql: true)
        let model = rng.pick(Self.researchModels)
        let system = version == 1
            ? "You are a data researcher for the company. Investigate the user's question with the tools: query the databases (shop, hr, flights) with run_sql and search internal documents with search_docs. Finish with a short, factual answer that cites the numbers you found."
            : "You are an analytical research assistant. Plan, gather evidence with run_sql and search_docs, then write a concise answer (3-6 sentences) with concrete figures and a recommendation. Say when the data is inconclusive."
        let tools = [Self.runSQLTool, Self.searchDocsTool]
        var messages = [Self.message("system", system), Self.message("user", question)]
        func call(_ content: String?, _ toolCalls: [(String, String, String)], _ finish: String) -> DemoCall {
            DemoCall(component: "researcher", model: model, messages: messages, tools: tools, temperature: 0.7, content: content,
                     toolCalls: toolCalls, finishReason: finish, question: question, pii: pii, task: task.id,
                     database: task.database, sql: sql)
        }
        var calls: [DemoCall] = []

        let sqlArgs = JSONValue.object(["database": .string(task.database.rawValue), "query": .string(sql)]).jsonText
        let sqlCallID = toolCallID()
        let preamble = rng.chance(0.4) ? rng.pick(["Let me look at the data first.", "I'll start by querying the database.",
                                                   "First, the numbers."]) : nil
        calls.append(call(preamble, [(sqlCallID, "run_sql", sqlArgs)], "tool_calls"))
        let result = run(sql, on: task.database)
        messages.append(assistantToolCall(preamble, sqlCallID, "run_sql", sqlArgs))
        messages.append(toolMessage(sqlCallID, "run_sql", resultJSON(result)))

        var docTitles: [String] = []
        if rng.chance(0.6) {
            let docQuery = DemoVocabulary.fill(rng.pick(task.docQueries), values)
            let args = JSONValue.object(["query": .string(docQuery), "top_k": .int(3)]).jsonText
            let id = toolCallID()
            calls.append(call(nil, [(id, "search_docs", args)], "tool_calls"))
            docTitles = (0..<rng.int(1...3)).map { i in
                rng.pick(["Q\(rng.int(1...4)) review: \(docQuery)", "Wiki: \(docQuery)", "Memo \(rng.int(100...999)) - \(docQuery)",
                          "Incident report \(rng.int(1000...9999)): \(docQuery)"]) + (i > 0 ? " (\(i + 1))" : "")
            }
            let docs = JSONValue.array(docTitles.map { title in
                .object(["title": .string(title), "snippet": .string("Summary of \(title.lowercased()): see figures for details."),
                         "updated": .string(DemoDatabase.date(rng.int(400...780)))])
            })
            messages.append(assistantToolCall(nil, id, "search_docs", args))
            messages.append(toolMessage(id, "search_docs", docs.jsonText))
        }
        var final = call(answer(result, docTitles), [], "stop")
        if rng.chance(0.01) {
            // A degenerate answer: the model repeats itself until the token limit.
            final.content = String(repeating: (final.content ?? "") + " ", count: 40)
            final.finishReason = "length"
            final.flags.append("overlong_output")
        }
        calls.append(final)
        return calls
    }

    private func assistantToolCall(_ content: String?, _ id: String, _ name: String, _ args: String) -> JSONValue {
        .object(["role": .string("assistant"), "content": .optional(content), "tool_calls": .array([
            .object(["id": .string(id), "type": .string("function"),
                     "function": .object(["name": .string(name), "arguments": .string(args)])]),
        ])])
    }

    private func toolMessage(_ id: String, _ name: String, _ content: String) -> JSONValue {
        .object(["role": .string("tool"), "tool_call_id": .string(id), "name": .string(name), "content": .string(content)])
    }

    private mutating func run(_ sql: String, on database: DemoDatabase) -> QueryResult {
        if let cached = resultCache[sql] { return cached }
        let result = (try? databases[database]?.prepare(sql)).flatMap { stmt in
            (try? stmt.rows()).map { QueryResult(columns: stmt.columnNames, rows: $0) }
        } ?? QueryResult(columns: [], rows: [])
        resultCache[sql] = result
        return result
    }

    private func resultJSON(_ result: QueryResult) -> String {
        JSONValue.object([
            "columns": .array(result.columns.map(JSONValue.string)),
            "rows": .array(result.rows.prefix(50).map { row in .array(row.map(Self.json)) }),
        ]).jsonText
    }

    static func json(_ v: SQLValue) -> JSONValue {
        switch v {
        case .null: return .null
        case .int(let i): return .int(i)
        case .double(let d): return .double(d)
        case .text(let s): return .string(s)
        case .blob(let b): return .string("<\(b.count) bytes>")
        }
    }

    /// A written answer built from the query result: the extremes of its last column.
    private mutating func answer(_ result: QueryResult, _ docs: [String]) -> String {
        guard let metric = result.columns.last, result.rows.count >= 2 else {
            return "The data is inconclusive: the query returned \(result.rows.count) row(s), too few to compare. I recommend widening the time range before drawing conclusions."
        }
        let ranked = result.rows.sorted { ($0.last?.doubleValue ?? 0) < ($1.last?.doubleValue ?? 0) }
        guard let low = ranked.first, let high = ranked.last else { return "No data." }
        let label = { (row: [SQLValue]) in row.first?.description ?? "?" }
        let metricName = metric.replacingOccurrences(of: "_", with: " ")
        var text: String
        switch rng.int(0...2) {
        case 0:
            text = "Across \(result.rows.count) \(result.columns[0])s, \(metricName) ranges from \(low.last?.description ?? "?") (\(label(low))) to \(high.last?.description ?? "?") (\(label(high)))."
        case 1:
            text = "The highest \(metricName) is \(label(high)) with \(high.last?.description ?? "?"); the lowest is \(label(low)) with \(low.last?.description ?? "?") (\(result.rows.count) groups compared)."
        default:
            text = "Summary: \(label(high)) leads on \(metricName) (\(high.last?.description ?? "?")), while \(label(low)) trails (\(low.last?.description ?? "?"))."
        }
        if let doc = docs.first {
            text += " The internal document \"\(doc)\" is consistent with this."
        }
        text += " " + rng.pick([
            "I recommend looking into \(label(low)) first.",
            "Next step: check whether the gap persists in the latest month.",
            "This is descriptive only; a proper analysis should control for volume.",
            "Worth a follow-up with the owning team.",
        ])
        return text
    }
}
