// Writes seed GGUF files for fuzz/run.sh: hand-encoded with the same layout GGUFWriter
// produces (magic, version 3, counts, metadata, tensor infos, aligned data).
import Foundation

func le<T: FixedWidthInteger>(_ v: T) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }
func str(_ s: String) -> [UInt8] { le(UInt64(s.utf8.count)) + Array(s.utf8) }

let dir = CommandLine.arguments[1]
var tokens: [String] = (0x21 ... 0x7E).map { String(UnicodeScalar(UInt8($0))) } + ["Ġ", "<|im_end|>", "ab"]
var meta: [UInt8] = []
meta += str("tokenizer.ggml.model") + le(UInt32(8)) + str("gpt2")
meta += str("tokenizer.ggml.pre") + le(UInt32(8)) + str("smollm")
meta += str("tokenizer.ggml.tokens") + le(UInt32(9)) + le(UInt32(8)) + le(UInt64(tokens.count)) + tokens.flatMap(str)
meta += str("tokenizer.ggml.token_type") + le(UInt32(9)) + le(UInt32(5)) + le(UInt64(tokens.count))
    + tokens.flatMap { le(Int32($0 == "<|im_end|>" ? 3 : 1)) }
meta += str("tokenizer.ggml.merges") + le(UInt32(9)) + le(UInt32(8)) + le(UInt64(1)) + str("a b")
meta += str("general.alignment") + le(UInt32(4)) + le(UInt32(32))
var infos: [UInt8] = str("w") + le(UInt32(2)) + le(UInt64(32)) + le(UInt64(2)) + le(UInt32(8)) + le(UInt64(0))
infos += str("n") + le(UInt32(1)) + le(UInt64(4)) + le(UInt32(0)) + le(UInt64(96))
var file = Array("GGUF".utf8) + le(UInt32(3)) + le(UInt64(2)) + le(UInt64(6)) + meta + infos
while file.count % 32 != 0 { file.append(0) }
file += [UInt8](repeating: 7, count: 68) + [UInt8](repeating: 0, count: 28) + [UInt8](repeating: 1, count: 16)
try Data(file).write(to: URL(fileURLWithPath: dir + "/seed-tokenizer.gguf"))
try Data(Array(file.prefix(64))).write(to: URL(fileURLWithPath: dir + "/seed-truncated.gguf"))

let json = #"{"__metadata__":{"format":"pt"},"a":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},"b":{"dtype":"I64","shape":[1],"data_offsets":[16,24]}}"#
var safetensors = le(UInt64(json.utf8.count)) + Array(json.utf8)
safetensors += [UInt8](repeating: 0x3F, count: 24)
try Data(safetensors).write(to: URL(fileURLWithPath: dir + "/seed.safetensors"))
