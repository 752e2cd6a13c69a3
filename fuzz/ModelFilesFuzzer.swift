// libFuzzer entry point for the model file readers: every input is given to the GGUF reader
// (and a tokenizer built from what it reads) and to the safetensors reader. Each must
// accept it with every tensor inside the input, or throw a FormatError. Built by
// fuzz/run.sh with -sanitize=fuzzer,address, so any out-of-bounds access or crash is reported.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzModelFiles(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    do {
        let file = try GGUFFile(bytes: bytes, name: "fuzz")
        for tensor in file.tensors where file.dataOffset + tensor.offset + tensor.data.count > size {
            fatalError("GGUF tensor \(tensor.name) reaches past the input")
        }
        if let tokenizer = try? Tokenizer(gguf: file) {
            _ = try? tokenizer.decode(tokenizer.encode("Hello <|im_end|> 123 wörld"))
        }
    } catch is FormatError {
    } catch {
        fatalError("unexpected GGUF error type: \(error)")
    }
    do {
        let file = try SafetensorsFile(bytes: bytes, name: "fuzz")
        for tensor in file.tensors where file.dataOffset + tensor.offset + tensor.data.count > size {
            fatalError("safetensors tensor \(tensor.name) reaches past the input")
        }
    } catch is FormatError {
    } catch {
        fatalError("unexpected safetensors error type: \(error)")
    }
    return 0
}
