// The Std layer's entry point: every topic registers its built-ins here, each file one
// topic (as Lua's libraries), each function with a signature and a one-line doc.

import Lang

public enum StandardLibrary {
    /// A registry holding every standard built-in; without `files` nothing can touch
    /// the file system (used by the fuzz test, which runs mutated programs).
    public static func builtins(files: Bool = true) -> Builtins {
        let b = Builtins()
        register(b, files: files)
        return b
    }

    /// Registers every topic. Later layers add one line here for their file.
    public static func register(_ b: Builtins, files: Bool = true) {
        Core.register(b)
        Strings.register(b)
        Collections.register(b)
        MathFunctions.register(b)
        RandomFunctions.register(b)
        Json.register(b)
        TensorBindings.register(b)
        ModelBindings.register(b)
        TuningBindings.register(b)
        if files {
            Files.register(b)
            LogStoreBindings.register(b)
            CurationBindings.register(b)
            ClusteringBindings.register(b)
            SelectionBindings.register(b)
        }
    }

    /// A fresh interpreter with the standard built-ins.
    public static func makeInterpreter() -> Interpreter {
        Interpreter(builtins: builtins())
    }
}
