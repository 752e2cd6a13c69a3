// Numeric built-ins.

import Foundation
import Lang

enum MathFunctions {
    static func register(_ b: Builtins) {
        b.define("abs", "abs(x)", "Absolute value.", topic: "math") { args in
            let v = try args.value(0, "x")
            switch v {
            case .int(let i):
                if i == Int.min { throw RuntimeError("integer overflow in abs()") }
                return .int(Swift.abs(i))
            case .float(let d): return .float(Swift.abs(d))
            default: throw args.typeError("x", expected: "a number", got: v)
            }
        }
        b.define("round", "round(x, digits: nil)", "Rounds half away from zero; to an int without digits, to a float with them.", topic: "math") { args in
            let x = try args.double(0, "x")
            if let d = args.given(1, "digits") {
                guard case .int(let digits) = d, (0...15).contains(digits) else {
                    throw RuntimeError("round() digits must be an int in 0...15")
                }
                let scale = pow(10.0, Double(digits))
                return .float((x * scale).rounded() / scale)
            }
            guard x.isFinite, let i = Int(exactly: x.rounded()) else { throw RuntimeError("round() result does not fit in an int") }
            return .int(i)
        }
        func unary(_ name: String, _ doc: String, _ f: @escaping (Double) -> Double) {
            b.define(name, "\(name)(x)", doc, topic: "math") { args in .float(f(try args.double(0, "x"))) }
        }
        unary("sqrt", "Square root.", { $0.squareRoot() })
        unary("exp", "e raised to x.", { Foundation.exp($0) })
        unary("log", "Natural logarithm.", { Foundation.log($0) })
        unary("sin", "Sine (radians).", { Foundation.sin($0) })
        unary("cos", "Cosine (radians).", { Foundation.cos($0) })
        b.define("floor", "floor(x)", "The largest int not above x.", topic: "math") { args in
            let d = try args.double(0, "x").rounded(.down)
            guard let i = Int(exactly: d) else { throw RuntimeError("floor() result does not fit in an int") }
            return .int(i)
        }
        b.define("ceil", "ceil(x)", "The smallest int not below x.", topic: "math") { args in
            let d = try args.double(0, "x").rounded(.up)
            guard let i = Int(exactly: d) else { throw RuntimeError("ceil() result does not fit in an int") }
            return .int(i)
        }
    }
}
