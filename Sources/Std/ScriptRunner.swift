// Running a whole program: what `slm run FILE` does, shared with the test runner so that
// tests exercise the same path. Exit codes follow sysexits: 65 for errors found before
// running (parse, names), 70 for runtime errors.

import Lang

public enum ExitStatus {
    public static let ok: Int32 = 0
    public static let usage: Int32 = 64
    public static let programError: Int32 = 65
    public static let runtimeError: Int32 = 70
}

public enum ScriptRunner {
    /// Runs `source` as the file `name`; program output goes to `output`, diagnostics to
    /// `errorOutput`. Returns the exit code.
    public static func run(source: String, name: String, interpreter: Interpreter? = nil,
                           output: @escaping (String) -> Void,
                           errorOutput: @escaping (String) -> Void) -> Int32 {
        let interp = interpreter ?? StandardLibrary.makeInterpreter()
        interp.output = output
        do {
            _ = try interp.evaluate(source, name: name)
            return ExitStatus.ok
        } catch let e as CompileErrors {
            errorOutput(e.description + "\n")
            return ExitStatus.programError
        } catch let e as RuntimeError {
            errorOutput(e.description + "\n")
            return ExitStatus.runtimeError
        } catch {
            errorOutput("error: \(error)\n")
            return ExitStatus.runtimeError
        }
    }
}
