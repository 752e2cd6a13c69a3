// Random built-ins; all draw from the interpreter's seedable source.

import Lang

enum RandomFunctions {
    static func register(_ b: Builtins) {
        b.define("seed", "seed(n)", "Seeds the random source so later random calls repeat.", topic: "random") { args in
            args.interpreter.seed(UInt64(bitPattern: Int64(try args.int(0, "n"))))
            return .null
        }
        b.define("random", "random()", "A float uniformly drawn from [0, 1).", topic: "random") { args in
            .float(args.interpreter.random.nextDouble())
        }
        b.define("random_int", "random_int(lo, hi)", "An int uniformly drawn from lo...hi (both included).", topic: "random") { args in
            let lo = try args.int(0, "lo"), hi = try args.int(1, "hi")
            guard lo <= hi else { throw RuntimeError("random_int() needs lo <= hi") }
            return .int(Int.random(in: lo...hi, using: &args.interpreter.random))
        }
        b.define("shuffle", "shuffle(items)", "A new list with the items in random order.", topic: "random") { args in
            var items = try args.items(0, "items")
            items.shuffle(using: &args.interpreter.random)
            return .list(items)
        }
        b.define("choice", "choice(items)", "One item drawn at random.", topic: "random") { args in
            let items = try args.items(0, "items")
            guard !items.isEmpty else { throw RuntimeError("choice() of an empty list") }
            return items[Int.random(in: 0..<items.count, using: &args.interpreter.random)]
        }
    }
}
