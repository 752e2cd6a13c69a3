// libFuzzer entry point for the GGUF reader: every input must either parse (with every
// tensor inside the input) or throw a FormatError. Built by fuzz/run.sh with
// -sanitize=fuzzer,address, so any out-of-bounds read or crash is reported.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGGUF(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    do {
        let file = try GGUFFile(bytes: bytes, name: "fuzz")
        for tensor in file.tensors where file.dataOffset + tensor.offset + tensor.data.count > size {
            fatalError("tensor \(tensor.name) reaches past the input")
        }
        if let tokenizer = try? Tokenizer(gguf: file) {
            _ = try? tokenizer.decode(tokenizer.encode("Hello <|im_end|> 123 wörld"))
        }
    } catch is FormatError {
    } catch {
        fatalError("unexpected error type: \(error)")
    }
    return 0
}
