/// A kind of question the demo agent's users ask about one database: many phrasings, one
/// SQL answer. `{name}` placeholders are filled with values drawn from the database, in the
/// question and in the SQL alike, so the SQL is correct by construction.
struct SQLTask {
    let id: String
    let database: DemoDatabase
    let phrasings: [String]
    let sql: String
    /// Placeholder name -> which vocabulary list its values come from.
    let parameters: [String: String]
}

/// An open-ended question for the researcher component: queries to run, then an answer.
struct ResearchTask {
    let id: String
    let database: DemoDatabase
    let phrasings: [String]
    let sql: String
    let docQueries: [String]
    let parameters: [String: String]
}

enum DemoTasks {
    static let sql: [SQLTask] = [
        SQLTask(id: "shop.orders_by_city_year", database: .shop, phrasings: [
            "How many orders did customers from {city} place in {year}?",
            "Count the orders placed by {city} customers during {year}.",
            "what's the number of orders from {city} in {year}",
            "I need the {year} order count for customers living in {city}.",
            "Total orders in {year} where the customer is based in {city}?",
            "Give me the order volume for {city} ({year}).",
        ], sql: "SELECT COUNT(*) AS order_count FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.city = '{city}' AND strftime('%Y', o.order_date) = '{year}'",
        parameters: ["city": "shop_city", "year": "shop_year"]),
        SQLTask(id: "shop.top_products_category", database: .shop, phrasings: [
            "What are the top {k} best-selling products in {category}?",
            "List the {k} products in the {category} category with the most units sold.",
            "top {k} {category} products by quantity sold",
            "Which {k} {category} items sell best?",
            "Show me the best sellers in {category}, top {k} please.",
        ], sql: "SELECT p.name, SUM(oi.quantity) AS units FROM order_items oi JOIN products p ON p.id = oi.product_id WHERE p.category = '{category}' GROUP BY p.id, p.name ORDER BY units DESC LIMIT {k}",
        parameters: ["category": "shop_category", "k": "top_k"]),
        SQLTask(id: "shop.revenue_by_month", database: .shop, phrasings: [
            "What was our monthly revenue in {year}?",
            "Revenue per month for {year}, excluding cancelled orders.",
            "monthly sales totals {year}",
            "Break down {year} revenue by month.",
            "Can you chart revenue month by month for {year}? Just the numbers.",
        ], sql: "SELECT strftime('%Y-%m', order_date) AS month, ROUND(SUM(total), 2) AS revenue FROM orders WHERE status <> 'cancelled' AND strftime('%Y', order_date) = '{year}' GROUP BY month ORDER BY month",
        parameters: ["year": "shop_year"]),
        SQLTask(id: "shop.customer_orders_by_email", database: .shop, phrasings: [
            "List all orders of the customer with email {email}.",
            "Which orders has {email} placed?",
            "Show the order history for {email}, newest last.",
            "customer {email} wants to know their orders - can you pull them?",
            "Find every order made by the account {email}.",
        ], sql: "SELECT o.id, o.order_date, o.status, o.total FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.email = '{email}' ORDER BY o.order_date",
        parameters: ["email": "customer_email"]),
        SQLTask(id: "shop.avg_rating_category", database: .shop, phrasings: [
            "What is the average review rating of each {category} product?",
            "Average star rating per product in {category}, best first.",
            "how do {category} products rate on average?",
            "Rank {category} products by their mean review score.",
        ], sql: "SELECT p.name, ROUND(AVG(r.rating), 2) AS avg_rating, COUNT(*) AS review_count FROM reviews r JOIN products p ON p.id = r.product_id WHERE p.category = '{category}' GROUP BY p.id, p.name ORDER BY avg_rating DESC",
        parameters: ["category": "shop_category"]),
        SQLTask(id: "shop.payments_by_method", database: .shop, phrasings: [
            "How much did customers pay by {method} in {year}?",
            "Total amount paid with {method} during {year}?",
            "sum of {method} payments {year}",
            "What's the {year} payment volume for {method}?",
        ], sql: "SELECT ROUND(SUM(amount), 2) AS total_paid FROM payments WHERE method = '{method}' AND strftime('%Y', paid_at) = '{year}'",
        parameters: ["method": "payment_method", "year": "shop_year"]),
        SQLTask(id: "shop.unpaid_orders_country", database: .shop, phrasings: [
            "Which orders from customers in {country} have no payment recorded?",
            "Find unpaid orders for {country}.",
            "list orders from {country} that were never paid",
            "Are there orders in {country} without a matching payment? List them.",
        ], sql: "SELECT o.id, o.order_date, o.total FROM orders o JOIN customers c ON c.id = o.customer_id LEFT JOIN payments pay ON pay.order_id = o.id WHERE c.country = '{country}' AND pay.id IS NULL ORDER BY o.order_date",
        parameters: ["country": "shop_country"]),
        SQLTask(id: "hr.avg_salary_department", database: .hr, phrasings: [
            "What is the average salary in the {department} department?",
            "Average pay in {department}?",
            "mean salary {department}",
            "How much does {department} pay on average?",
            "Tell me the average {department} salary, rounded to cents.",
        ], sql: "SELECT ROUND(AVG(e.salary), 2) AS avg_salary FROM employees e JOIN departments d ON d.id = e.department_id WHERE d.name = '{department}'",
        parameters: ["department": "department"]),
        SQLTask(id: "hr.headcount_since", database: .hr, phrasings: [
            "How many people has each department hired since {year}?",
            "Headcount per department for hires from {year} on.",
            "hires per department since {year}",
            "Which departments grew most since {year}? Count hires per department.",
        ], sql: "SELECT d.name, COUNT(*) AS hires FROM employees e JOIN departments d ON d.id = e.department_id WHERE e.hire_date >= '{year}-01-01' GROUP BY d.name ORDER BY hires DESC",
        parameters: ["year": "hr_year"]),
        SQLTask(id: "hr.direct_reports", database: .hr, phrasings: [
            "Who reports to {manager}?",
            "List the direct reports of {manager}.",
            "who is on {manager}'s team",
            "Show everyone whose manager is {manager}, with their titles.",
        ], sql: "SELECT e.first_name, e.last_name, e.title FROM employees e JOIN employees m ON m.id = e.manager_id WHERE m.first_name = '{manager_first}' AND m.last_name = '{manager_last}' ORDER BY e.last_name",
        parameters: ["manager": "manager"]),
        SQLTask(id: "hr.project_hours", database: .hr, phrasings: [
            "How many hours have been logged on project {project}?",
            "Total hours booked to {project}?",
            "hours spent on {project} so far",
            "What's the effort in hours on the {project} project?",
        ], sql: "SELECT ROUND(SUM(a.hours), 1) AS total_hours FROM assignments a JOIN projects p ON p.id = a.project_id WHERE p.name = '{project}'",
        parameters: ["project": "project"]),
        SQLTask(id: "hr.raises_in_year", database: .hr, phrasings: [
            "Which employees got a raise in {year}?",
            "List salary changes that took effect in {year}.",
            "raises {year} with amounts",
            "Who received a pay increase during {year}, and how much is their new salary?",
        ], sql: "SELECT e.first_name, e.last_name, s.amount, s.effective_date FROM salary_history s JOIN employees e ON e.id = s.employee_id WHERE strftime('%Y', s.effective_date) = '{year}' ORDER BY s.effective_date",
        parameters: ["year": "hr_year"]),
        SQLTask(id: "flights.delayed_on_route", database: .flights, phrasings: [
            "Which flights from {origin} to {destination} were delayed?",
            "List delayed {origin}-{destination} flights.",
            "delayed flights {origin} -> {destination}",
            "Show me every delayed departure on the {origin} to {destination} route.",
        ], sql: "SELECT f.flight_no, f.departure, f.status FROM flights f WHERE f.origin = '{origin}' AND f.destination = '{destination}' AND f.status = 'delayed' ORDER BY f.departure",
        parameters: ["route": "route"]),
        SQLTask(id: "flights.busiest_airports", database: .flights, phrasings: [
            "What are the {k} busiest airports by number of departures?",
            "Top {k} airports by departures.",
            "which {k} airports have the most departing flights",
            "Rank airports by departures and give me the first {k}.",
        ], sql: "SELECT a.name, COUNT(*) AS departures FROM flights f JOIN airports a ON a.code = f.origin GROUP BY a.code, a.name ORDER BY departures DESC LIMIT {k}",
        parameters: ["k": "top_k"]),
        SQLTask(id: "flights.revenue_by_airline_class", database: .flights, phrasings: [
            "How much revenue did each airline make from {class} bookings?",
            "Revenue per airline for {class} tickets.",
            "{class} booking revenue by airline",
            "Compare airlines by {class} ticket revenue.",
        ], sql: "SELECT al.name, ROUND(SUM(b.price), 2) AS revenue FROM bookings b JOIN flights f ON f.id = b.flight_id JOIN airlines al ON al.code = f.airline_code WHERE b.class = '{class}' GROUP BY al.name ORDER BY revenue DESC",
        parameters: ["class": "cabin_class"]),
        SQLTask(id: "flights.passenger_bookings", database: .flights, phrasings: [
            "Show all bookings for passenger {passenger}.",
            "Which flights is {passenger} booked on?",
            "bookings of {passenger} with seats",
            "Pull up {passenger}'s itinerary: flights, seats and cabin.",
        ], sql: "SELECT f.flight_no, f.departure, b.seat, b.class FROM bookings b JOIN passengers p ON p.id = b.passenger_id JOIN flights f ON f.id = b.flight_id WHERE p.full_name = '{passenger}' ORDER BY f.departure",
        parameters: ["passenger": "passenger"]),
        SQLTask(id: "flights.cancellation_rate", database: .flights, phrasings: [
            "What share of {airline} flights were cancelled in {month}?",
            "Cancellation rate for {airline} in {month}, as a percentage.",
            "{airline} cancellations {month} percent",
            "How reliable was {airline} in {month}? Give the cancelled percentage.",
        ], sql: "SELECT ROUND(100.0 * SUM(f.status = 'cancelled') / COUNT(*), 1) AS cancelled_pct FROM flights f JOIN airlines al ON al.code = f.airline_code WHERE al.name = '{airline}' AND strftime('%Y-%m', f.departure) = '{month}'",
        parameters: ["airline": "airline", "month": "flight_month"]),
    ]

    static let research: [ResearchTask] = [
        ResearchTask(id: "research.city_revenue_trend", database: .shop, phrasings: [
            "Why did revenue from {city} change over the last years? Give me the numbers and a likely explanation.",
            "Investigate how {city} is doing as a market for us: orders and revenue per year.",
            "Our {city} sales feel weaker. Is that true, and what could explain it?",
        ], sql: "SELECT strftime('%Y', o.order_date) AS year, COUNT(*) AS orders, ROUND(SUM(o.total), 2) AS revenue FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.city = '{city}' GROUP BY year ORDER BY year",
        docQueries: ["{city} marketing campaigns", "regional sales report {city}", "shipping delays {city}"],
        parameters: ["city": "shop_city"]),
        ResearchTask(id: "research.category_satisfaction", database: .shop, phrasings: [
            "Which product categories make customers least happy, and what should we look into first?",
            "Research customer satisfaction across categories and recommend where to act.",
            "Where do our reviews look worst? Dig into ratings by category.",
        ], sql: "SELECT p.category, ROUND(AVG(r.rating), 2) AS avg_rating, COUNT(*) AS reviews FROM reviews r JOIN products p ON p.id = r.product_id GROUP BY p.category ORDER BY avg_rating",
        docQueries: ["product quality complaints", "returns policy review", "supplier issues Q4"],
        parameters: [:]),
        ResearchTask(id: "research.department_pay", database: .hr, phrasings: [
            "Are we paying competitively across departments? Compare headcount and average salary.",
            "Prepare a short analysis of pay levels by department for the budget review.",
            "Which departments look underpaid relative to their size?",
        ], sql: "SELECT d.name, COUNT(*) AS headcount, ROUND(AVG(e.salary), 0) AS avg_salary FROM employees e JOIN departments d ON d.id = e.department_id GROUP BY d.name ORDER BY avg_salary",
        docQueries: ["salary benchmark 2024", "compensation policy", "attrition exit interviews"],
        parameters: [:]),
        ResearchTask(id: "research.airline_punctuality", database: .flights, phrasings: [
            "Is {airline} getting less punctual? Look at delays month by month.",
            "Analyse {airline}'s on-time performance trend and suggest causes.",
            "Should we worry about {airline} delays? Show the monthly delayed share.",
        ], sql: "SELECT strftime('%Y-%m', f.departure) AS month, COUNT(*) AS flights, ROUND(100.0 * SUM(f.status = 'delayed') / COUNT(*), 1) AS delayed_pct FROM flights f JOIN airlines al ON al.code = f.airline_code WHERE al.name = '{airline}' GROUP BY month ORDER BY month",
        docQueries: ["{airline} operations update", "air traffic control strikes", "winter schedule disruptions"],
        parameters: ["airline": "airline"]),
    ]

    /// Ways users open a request; the empty string keeps some requests bare.
    static let openers = ["", "", "", "Hi! ", "Quick question: ", "Hey, ", "For the weekly report: ", "Urgent: ",
                          "Could you help me out? ", "Hello team, ", "Morning! ", "One more thing. "]
    static let closers = ["", "", "", " Thanks!", " Thank you.", " Please keep it short.", " Needed for the board deck.",
                          " ASAP please.", " Cheers", " (for the quarterly review)"]
}
