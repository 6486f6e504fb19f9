import Foundation

/// A set of named `Float` tensors with string metadata, read and written in the safetensors
/// format (<https://github.com/huggingface/safetensors>).
///
/// A file is an 8-byte little-endian `UInt64` header length `N`, then `N` bytes of UTF-8 JSON,
/// then the raw little-endian tensor data. The header maps each tensor name to
/// `{"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}` (offsets relative to the start
/// of the data section) and may hold a `"__metadata__"` object whose values are all strings.
///
/// Only `F32` tensors are supported. Reading is strict: any file that is not exactly a
/// well-formed safetensors file of `F32` tensors is rejected with a ``SafeTensorsError`` that names
/// the file and the problem, and no input can make the reader trap. Writing is deterministic:
/// the same tensors and metadata always give the same bytes, identical to what the reference
/// implementation writes for them (apart from the order of metadata keys, which it does not fix).
///
/// ```swift
/// var file = SafeTensors(metadata: ["task": "copy"])
/// file.tensors["controller.weight"] = .init(shape: [2, 3], values: [1, 2, 3, 4, 5, 6])
/// try file.write(to: url)
/// let loaded = try SafeTensors.load(from: url)
/// ```
public struct SafeTensors: Sendable, Equatable {
  /// One tensor: its shape and its values in row-major order.
  ///
  /// `values.count` must equal the product of `shape` (1 for the scalar shape `[]`) for the
  /// tensor to be written; every loaded tensor satisfies this.
  public struct Tensor: Sendable, Equatable {
    /// The dimensions, outermost first; their product is the number of values.
    public var shape: [Int]
    /// The values in row-major order.
    public var values: [Float]

    /// A tensor of the given shape; the number of values must be the product of the shape.
    public init(shape: [Int], values: [Float]) {
      self.shape = shape
      self.values = values
    }

    /// Bitwise equality: shapes are equal and the values have identical bit patterns, so a NaN
    /// equals the same NaN and `-0.0` differs from `0.0`. This is the equality a file format
    /// round trip preserves.
    public static func == (lhs: Tensor, rhs: Tensor) -> Bool {
      guard lhs.shape == rhs.shape, lhs.values.count == rhs.values.count else { return false }
      return lhs.values.withUnsafeBytes { a in
        rhs.values.withUnsafeBytes { b in
          guard let a = a.baseAddress, let b = b.baseAddress else { return true }  // both empty
          return memcmp(a, b, lhs.values.count * 4) == 0
        }
      }
    }
  }

  /// The tensors by name.
  public var tensors: [String: Tensor]
  /// The `"__metadata__"` entries. Empty metadata is not written at all.
  public var metadata: [String: String]

  /// A file of named tensors and string metadata (`__metadata__`).
  public init(tensors: [String: Tensor] = [:], metadata: [String: String] = [:]) {
    self.tensors = tensors
    self.metadata = metadata
  }

  /// The largest header accepted or written, as in the reference implementation.
  public static let maximumHeaderLength = 100_000_000

  /// The first value that is NaN or infinite, in tensor-name order (by UTF-8 bytes) and then by
  /// index; `nil` when every value is finite. The format allows such values; the model layer uses
  /// this to refuse them with a useful message.
  public func firstNonFinite() -> (name: String, index: Int)? {
    for name in Self.sortedNames(tensors.keys) {
      if let index = tensors[name]?.values.firstIndex(where: { !$0.isFinite }) {
        return (name, index)
      }
    }
    return nil
  }

  /// Names in the order the file lists them: by their UTF-8 bytes, as the reference
  /// implementation sorts Rust strings (Swift's `<` compares Unicode text instead).
  static func sortedNames(_ names: some Sequence<String>) -> [String] {
    names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
  }
}

/// Why a safetensors file could not be read or written.
///
/// The description is `"<source>: <problem>"`, e.g.
/// `model.safetensors: tensor 'x' dtype 'I64' is not supported (expected F32)`.
public struct SafeTensorsError: Error, CustomStringConvertible, LocalizedError, Equatable, Sendable {
  /// The file name (or whatever name the caller gave the data).
  public var source: String
  /// What is wrong, without the source.
  public var problem: String

  /// An error about `source` (a file name), saying what is wrong with it.
  public init(source: String, problem: String) {
    self.source = source
    self.problem = problem
  }

  public var description: String { "\(source): \(problem)" }
  public var errorDescription: String? { description }
}

// MARK: - Files

extension SafeTensors {
  /// Reads and validates a file. Errors name the file by its last path component.
  public static func load(from url: URL) throws(SafeTensorsError) -> SafeTensors {
    let source = url.lastPathComponent
    let data: Data
    do throws(InputFile.Failure) { data = try InputFile.read(url, limit: maximumFileLength) } catch {
      throw SafeTensorsError(source: source, problem: error.problem)
    }
    return try SafeTensors(data: data, source: source)
  }

  /// The largest file `load` reads: the largest header and four copies of the most parameters
  /// `Limits` allows (the parameters and the optimiser's three arrays), with room to spare.
  public static let maximumFileLength = 8 + maximumHeaderLength + 5 * 4 * Limits.parameters.upperBound

  /// Writes the file atomically (`OutputFile`): the bytes go to `<name>.tmp-<pid>` in the same
  /// directory, are flushed to disk, and the temporary file is then renamed over `url`. A crash at
  /// any moment leaves either the previous file or the new one, never a mixture; on failure the
  /// temporary file is removed and the previous file is untouched.
  public func write(to url: URL) throws(SafeTensorsError) {
    let source = url.lastPathComponent
    let data: Data
    do throws(SafeTensorsError) {
      data = try encoded()
    } catch {
      throw SafeTensorsError(source: source, problem: error.problem)
    }
    do throws(OutputFile.Failure) {
      try OutputFile.write(data, to: url)
    } catch {
      throw SafeTensorsError(source: source, problem: error.problem)
    }
  }
}

// MARK: - Reading

extension SafeTensors {
  /// Parses and validates the bytes of a safetensors file. `source` (usually the file name)
  /// begins every error message.
  ///
  /// Beyond the format itself this checks that every tensor is `F32`, that its byte length is
  /// exactly its element count times 4, that the tensors neither overlap nor leave gaps in the data
  /// section (as the reference implementation requires), that names and keys are not repeated,
  /// that entries have no unknown keys, and that metadata values are strings. A `null`
  /// `"__metadata__"` is read as no metadata, as the reference implementation does.
  public init(data: Data, source: String) throws(SafeTensorsError) {
    let result = data.withUnsafeBytes { bytes -> Result<SafeTensors, SafeTensorsError> in
      do throws(SafeTensorsError) {
        return .success(try Decoder(bytes: bytes, source: source).decode())
      } catch {
        return .failure(error)
      }
    }
    self = try result.get()
  }

  private struct Entry {
    var name: String
    var shape: [Int]
    var begin: Int
    var end: Int
  }

  private struct Decoder {
    let bytes: UnsafeRawBufferPointer
    let source: String

    func failure(_ problem: String) -> SafeTensorsError {
      SafeTensorsError(source: source, problem: problem)
    }

    func decode() throws(SafeTensorsError) -> SafeTensors {
      let fileSize = bytes.count
      guard fileSize >= 8 else {
        throw failure("file is \(fileSize) bytes, shorter than the 8-byte header length")
      }
      let declared = UInt64(littleEndian: bytes.loadUnaligned(as: UInt64.self))
      guard declared <= UInt64(SafeTensors.maximumHeaderLength) else {
        throw failure(
          "header length \(declared) exceeds the maximum of \(SafeTensors.maximumHeaderLength) bytes")
      }
      guard declared <= UInt64(fileSize - 8) else {
        throw failure(
          "header length \(declared) exceeds file size \(fileSize) "
            + "(at most \(fileSize - 8) bytes follow the length field)")
      }
      let headerEnd = 8 + Int(declared)
      let header = UnsafeRawBufferPointer(rebasing: bytes[8..<headerEnd])
      let data = UnsafeRawBufferPointer(rebasing: bytes[headerEnd...])

      guard String(validating: header, as: UTF8.self) != nil else {
        throw failure("header is not valid UTF-8")
      }
      var parser = JSONParser(bytes: header)
      let root: JSONValue
      do throws(JSONParser.Failure) {
        root = try parser.parseDocument()
      } catch {
        throw failure("header is not valid JSON (\(error.message) at header byte \(error.offset))")
      }
      guard case .object(let members) = root else {
        throw failure("header is not a JSON object but \(root.kind)")
      }

      var metadata: [String: String]? = nil
      var entries: [Entry] = []
      var names = Set<String>()
      for (key, value) in members {
        if key == "__metadata__" {
          guard metadata == nil else { throw failure("header has '__metadata__' twice") }
          metadata = try decodeMetadata(value)
        } else {
          guard names.insert(key).inserted else {
            throw failure("tensor \(quoted(key)) appears twice in the header")
          }
          entries.append(try decodeEntry(key, value, dataSize: data.count))
        }
      }
      try checkCoverage(entries, dataSize: data.count)

      var tensors: [String: Tensor] = [:]
      tensors.reserveCapacity(entries.count)
      for entry in entries {
        let slice = UnsafeRawBufferPointer(rebasing: data[entry.begin..<entry.end])
        tensors[entry.name] = Tensor(shape: entry.shape, values: SafeTensors.readFloats(slice))
      }
      return SafeTensors(tensors: tensors, metadata: metadata ?? [:])
    }

    func decodeMetadata(_ value: JSONValue) throws(SafeTensorsError) -> [String: String] {
      if case .null = value { return [:] }
      guard case .object(let members) = value else {
        throw failure("__metadata__ is not a JSON object but \(value.kind)")
      }
      var metadata: [String: String] = [:]
      for (key, item) in members {
        guard case .string(let string) = item else {
          throw failure("__metadata__ value for \(quoted(key)) is not a string but \(item.kind)")
        }
        guard metadata.updateValue(string, forKey: key) == nil else {
          throw failure("__metadata__ key \(quoted(key)) appears twice")
        }
      }
      return metadata
    }

    func decodeEntry(_ name: String, _ value: JSONValue, dataSize: Int) throws(SafeTensorsError) -> Entry {
      let tensor = "tensor \(quoted(name))"
      guard case .object(let fields) = value else {
        throw failure("\(tensor) entry is not a JSON object but \(value.kind)")
      }
      var found: [String: JSONValue] = [:]
      for (key, item) in fields {
        guard ["dtype", "shape", "data_offsets"].contains(key) else {
          throw failure("\(tensor) has unexpected key \(quoted(key))")
        }
        guard found.updateValue(item, forKey: key) == nil else {
          throw failure("\(tensor) has key \(quoted(key)) twice")
        }
      }

      guard let dtypeValue = found["dtype"] else { throw failure("\(tensor) has no 'dtype'") }
      guard case .string(let dtype) = dtypeValue else {
        throw failure("\(tensor) dtype is not a string but \(dtypeValue.kind)")
      }
      guard dtype == "F32" else {
        throw failure("\(tensor) dtype \(quoted(dtype)) is not supported (expected F32)")
      }

      guard let shapeValue = found["shape"] else { throw failure("\(tensor) has no 'shape'") }
      guard let shape = try integers(shapeValue, of: tensor, field: "shape") else {
        throw failure("\(tensor) shape \(shapeValue.rendered()) is not an array of non-negative integers")
      }

      guard let offsetsValue = found["data_offsets"] else {
        throw failure("\(tensor) has no 'data_offsets'")
      }
      guard let offsets = try integers(offsetsValue, of: tensor, field: "data_offsets"),
        offsets.count == 2
      else {
        throw failure(
          "\(tensor) data_offsets \(offsetsValue.rendered()) is not an array of two non-negative integers")
      }
      let (begin, end) = (offsets[0], offsets[1])
      guard begin <= end else {
        throw failure("\(tensor) has data_offsets [\(begin), \(end)] whose begin is after its end")
      }
      guard end <= dataSize else {
        throw failure(
          "\(tensor) has data_offsets [\(begin), \(end)] beyond the data section of \(dataSize) bytes")
      }
      guard let needed = byteCount(of: shape) else {
        throw failure("\(tensor) shape \(describe(shape)) has too many elements")
      }
      guard end - begin == needed else {
        throw failure(
          "\(tensor) has data_offsets [\(begin), \(end)] but shape \(describe(shape)) of F32 needs "
            + "\(needed) bytes")
      }
      return Entry(name: name, shape: shape, begin: begin, end: end)
    }

    /// The elements of an array of non-negative integers; `nil` if the value is anything else.
    /// Throws for an integer too large for `Int`.
    func integers(_ value: JSONValue, of tensor: String, field: String) throws(SafeTensorsError) -> [Int]? {
      guard case .array(let items) = value else { return nil }
      var result: [Int] = []
      result.reserveCapacity(items.count)
      for item in items {
        guard case .number(let lexeme) = item, lexeme.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
          return nil
        }
        guard let integer = Int(lexeme) else {
          throw failure("\(tensor) \(field) value \(lexeme.prefix(40)) is too large")
        }
        result.append(integer)
      }
      return result
    }

    /// The tensors, in offset order, must tile the data section exactly.
    func checkCoverage(_ entries: [Entry], dataSize: Int) throws(SafeTensorsError) {
      let ordered = entries.sorted {
        ($0.begin, $0.end) != ($1.begin, $1.end)
          ? ($0.begin, $0.end) < ($1.begin, $1.end)
          : $0.name.utf8.lexicographicallyPrecedes($1.name.utf8)
      }
      var covered = 0
      var previous: Entry? = nil
      for entry in ordered {
        if entry.begin < covered, let previous {
          throw failure(
            "tensors \(quoted(previous.name)) and \(quoted(entry.name)) overlap (data_offsets "
              + "[\(previous.begin), \(previous.end)] and [\(entry.begin), \(entry.end)])")
        }
        if entry.begin > covered {
          let after = previous.map { " after tensor \(quoted($0.name))" } ?? ""
          throw failure(
            "data section has a gap: bytes \(covered)..<\(entry.begin)\(after) before tensor "
              + "\(quoted(entry.name)) belong to no tensor")
        }
        covered = entry.end
        previous = entry
      }
      guard covered == dataSize else {
        throw failure(
          "data section is \(dataSize) bytes but the tensors cover only \(covered); the last "
            + "\(dataSize - covered) bytes belong to no tensor")
      }
    }
  }

  /// Little-endian `F32` bytes to floats, on any platform and without alignment requirements.
  private static func readFloats(_ bytes: UnsafeRawBufferPointer) -> [Float] {
    let count = bytes.count / 4
    return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
      if count > 0 {
        UnsafeMutableRawBufferPointer(buffer).copyMemory(
          from: UnsafeRawBufferPointer(rebasing: bytes[..<(count * 4)]))
        #if _endian(big)
          for i in 0..<count {
            buffer[i] = Float(bitPattern: UInt32(littleEndian: buffer[i].bitPattern))
          }
        #endif
      }
      initialized = count
    }
  }
}

/// The number of bytes of an `F32` tensor of this shape; `nil` for a negative dimension or when
/// the product of the non-zero dimensions times 4 overflows `Int`. The latter check means any
/// product of the dimensions, in any order, fits in `Int`, even when one of them is 0.
private func byteCount(of shape: [Int]) -> Int? {
  var product = 4
  var hasZero = false
  for dimension in shape {
    guard dimension >= 0 else { return nil }
    if dimension == 0 {
      hasZero = true
      continue
    }
    let (next, overflow) = product.multipliedReportingOverflow(by: dimension)
    if overflow { return nil }
    product = next
  }
  return hasZero ? 0 : product
}

private func describe(_ shape: [Int]) -> String {
  "[" + shape.map(String.init).joined(separator: ", ") + "]"
}

/// A name for an error message: in single quotes, control and other invisible characters
/// escaped (so a hostile name cannot send terminal escape sequences), long names shortened.
private func quoted(_ name: String) -> String {
  "'" + PrintableText.escaped(name.replacing("\\", with: "\\\\").replacing("'", with: "\\'"), limit: 80) + "'"
}

// MARK: - Writing

extension SafeTensors {
  /// The file's bytes. Deterministic: `"__metadata__"` first (omitted when empty) with its keys
  /// sorted, then the tensors sorted by name (UTF-8 bytes), their data laid out in the same order,
  /// and the header padded with spaces to a multiple of 8 bytes, as the reference implementation
  /// does.
  ///
  /// Throws (with source `"(unsaved)"`) when a tensor's values do not match its shape, a
  /// dimension is negative, a tensor is named `__metadata__`, or the header would be too large.
  public func encoded() throws(SafeTensorsError) -> Data {
    func failure(_ problem: String) -> SafeTensorsError {
      SafeTensorsError(source: "(unsaved)", problem: problem)
    }
    let names = Self.sortedNames(tensors.keys)
    var header: [UInt8] = []
    header.append(UInt8(ascii: "{"))
    if !metadata.isEmpty {
      appendJSONString("__metadata__", to: &header)
      header.append(contentsOf: ":{".utf8)
      for (i, key) in Self.sortedNames(metadata.keys).enumerated() {
        if i > 0 { header.append(UInt8(ascii: ",")) }
        appendJSONString(key, to: &header)
        header.append(UInt8(ascii: ":"))
        appendJSONString(metadata[key] ?? "", to: &header)
      }
      header.append(UInt8(ascii: "}"))
    }
    var offset = 0
    for (i, name) in names.enumerated() {
      guard let tensor = tensors[name] else { continue }
      guard name != "__metadata__" else {
        throw failure("a tensor cannot be named '__metadata__'")
      }
      guard let bytes = byteCount(of: tensor.shape) else {
        throw failure("tensor \(quoted(name)) has invalid shape \(describe(tensor.shape))")
      }
      guard bytes / 4 == tensor.values.count else {
        throw failure(
          "tensor \(quoted(name)) has shape \(describe(tensor.shape)) (\(bytes / 4) elements) but "
            + "\(tensor.values.count) values")
      }
      if i > 0 || !metadata.isEmpty { header.append(UInt8(ascii: ",")) }
      appendJSONString(name, to: &header)
      header.append(contentsOf: #":{"dtype":"F32","shape":"#.utf8)
      header.append(contentsOf: "[\(tensor.shape.map(String.init).joined(separator: ","))]".utf8)
      header.append(contentsOf: #","data_offsets":["#.utf8)
      header.append(contentsOf: "\(offset),\(offset + bytes)]}".utf8)
      offset += bytes
    }
    header.append(UInt8(ascii: "}"))
    header.append(contentsOf: repeatElement(UInt8(ascii: " "), count: (8 - header.count % 8) % 8))
    guard header.count <= Self.maximumHeaderLength else {
      throw failure(
        "header would be \(header.count) bytes, more than the \(Self.maximumHeaderLength) allowed")
    }

    var data = Data(capacity: 8 + header.count + offset)
    withUnsafeBytes(of: UInt64(header.count).littleEndian) { data.append(contentsOf: $0) }
    data.append(contentsOf: header)
    for name in names {
      guard let values = tensors[name]?.values else { continue }
      #if _endian(big)
        for value in values {
          withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) }
        }
      #else
        values.withUnsafeBytes { data.append(contentsOf: $0) }
      #endif
    }
    return data
  }
}

/// Appends `string` as a JSON string exactly as serde_json (the reference implementation's
/// serialiser) writes it: `"` and `\` escaped, control characters as `\b \t \n \f \r` or `\u00xx`,
/// everything else as raw UTF-8.
private func appendJSONString(_ string: String, to output: inout [UInt8]) {
  let hex = Array("0123456789abcdef".utf8)
  output.append(UInt8(ascii: "\""))
  for byte in string.utf8 {
    switch byte {
    case UInt8(ascii: "\""): output.append(contentsOf: #"\""#.utf8)
    case UInt8(ascii: "\\"): output.append(contentsOf: #"\\"#.utf8)
    case 0x08: output.append(contentsOf: #"\b"#.utf8)
    case 0x09: output.append(contentsOf: #"\t"#.utf8)
    case 0x0A: output.append(contentsOf: #"\n"#.utf8)
    case 0x0C: output.append(contentsOf: #"\f"#.utf8)
    case 0x0D: output.append(contentsOf: #"\r"#.utf8)
    case 0x00..<0x20:
      output.append(contentsOf: #"\u00"#.utf8)
      output.append(hex[Int(byte >> 4)])
      output.append(hex[Int(byte & 0xF)])
    default: output.append(byte)
    }
  }
  output.append(UInt8(ascii: "\""))
}

// MARK: - JSON

/// A parsed JSON value. Object members keep their order and duplicates (the caller decides what
/// a repeated key means); numbers keep their text so that integers are read exactly.
private enum JSONValue {
  case object([(key: String, value: JSONValue)])
  case array([JSONValue])
  case string(String)
  case number(String)
  case bool(Bool)
  case null

  /// "an object", "a string" … for error messages.
  var kind: String {
    switch self {
    case .object: "an object"
    case .array: "an array"
    case .string: "a string"
    case .number: "a number"
    case .bool: "a boolean"
    case .null: "null"
    }
  }

  /// Compact JSON-like text for error messages, cut short after about 60 characters.
  func rendered() -> String {
    var budget = 60
    var text = ""
    render(into: &text, budget: &budget)
    return budget < 0 ? text + "…" : text
  }

  private func render(into text: inout String, budget: inout Int) {
    guard budget >= 0 else { return }
    func emit(_ piece: String) {
      text += piece
      budget -= piece.count
    }
    switch self {
    case .object(let members):
      emit("{")
      for (i, member) in members.enumerated() where budget >= 0 {
        emit((i > 0 ? ", " : "") + quoted(member.key) + ": ")
        member.value.render(into: &text, budget: &budget)
      }
      if budget >= 0 { emit("}") }
    case .array(let items):
      emit("[")
      for (i, item) in items.enumerated() where budget >= 0 {
        if i > 0 { emit(", ") }
        item.render(into: &text, budget: &budget)
      }
      if budget >= 0 { emit("]") }
    case .string(let string): emit(quoted(string))
    case .number(let lexeme): emit(String(lexeme.prefix(40)))
    case .bool(let value): emit(value ? "true" : "false")
    case .null: emit("null")
    }
  }
}

/// A strict RFC 8259 parser over bytes already known to be valid UTF-8, with a nesting limit so
/// that no input can exhaust the stack.
private struct JSONParser {
  struct Failure: Error {
    var message: String
    var offset: Int
  }

  let bytes: UnsafeRawBufferPointer
  var position = 0
  static let maximumDepth = 64

  init(bytes: UnsafeRawBufferPointer) {
    self.bytes = bytes
  }

  mutating func parseDocument() throws(Failure) -> JSONValue {
    skipWhitespace()
    let value = try parseValue(depth: 0)
    skipWhitespace()
    guard position == bytes.count else { throw unexpected("after the top-level value") }
    return value
  }

  private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

  private func unexpected(_ context: String) -> Failure {
    let found: String
    if let byte = current {
      found =
        (0x21...0x7E).contains(byte)
        ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16))"
    } else {
      found = "end of header"
    }
    return Failure(message: "unexpected \(found) \(context)", offset: position)
  }

  private mutating func skipWhitespace() {
    while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
      position += 1
    }
  }

  private mutating func expect(_ byte: UInt8, _ context: String) throws(Failure) {
    guard current == byte else { throw unexpected(context) }
    position += 1
  }

  private mutating func parseValue(depth: Int) throws(Failure) -> JSONValue {
    guard let byte = current else { throw unexpected("where a value should begin") }
    switch byte {
    case UInt8(ascii: "{"):
      guard depth < Self.maximumDepth else {
        throw Failure(message: "nesting deeper than \(Self.maximumDepth)", offset: position)
      }
      return try parseObject(depth: depth + 1)
    case UInt8(ascii: "["):
      guard depth < Self.maximumDepth else {
        throw Failure(message: "nesting deeper than \(Self.maximumDepth)", offset: position)
      }
      return try parseArray(depth: depth + 1)
    case UInt8(ascii: "\""): return .string(try parseString())
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
    case UInt8(ascii: "t"):
      try parseLiteral("true")
      return .bool(true)
    case UInt8(ascii: "f"):
      try parseLiteral("false")
      return .bool(false)
    case UInt8(ascii: "n"):
      try parseLiteral("null")
      return .null
    default: throw unexpected("where a value should begin")
    }
  }

  private mutating func parseLiteral(_ literal: StaticString) throws(Failure) {
    let text = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
    for byte in text {
      guard current == byte else { throw unexpected("in literal '\(literal)'") }
      position += 1
    }
  }

  private mutating func parseObject(depth: Int) throws(Failure) -> JSONValue {
    position += 1  // {
    var members: [(key: String, value: JSONValue)] = []
    skipWhitespace()
    if current == UInt8(ascii: "}") {
      position += 1
      return .object(members)
    }
    while true {
      skipWhitespace()
      guard current == UInt8(ascii: "\"") else { throw unexpected("where an object key should begin") }
      let key = try parseString()
      skipWhitespace()
      try expect(UInt8(ascii: ":"), "after an object key")
      skipWhitespace()
      members.append((key, try parseValue(depth: depth)))
      skipWhitespace()
      if current == UInt8(ascii: ",") {
        position += 1
        continue
      }
      try expect(UInt8(ascii: "}"), "in an object (expected ',' or '}')")
      return .object(members)
    }
  }

  private mutating func parseArray(depth: Int) throws(Failure) -> JSONValue {
    position += 1  // [
    var items: [JSONValue] = []
    skipWhitespace()
    if current == UInt8(ascii: "]") {
      position += 1
      return .array(items)
    }
    while true {
      skipWhitespace()
      items.append(try parseValue(depth: depth))
      skipWhitespace()
      if current == UInt8(ascii: ",") {
        position += 1
        continue
      }
      try expect(UInt8(ascii: "]"), "in an array (expected ',' or ']')")
      return .array(items)
    }
  }

  private mutating func parseString() throws(Failure) -> String {
    position += 1  // opening quote
    var utf8: [UInt8] = []
    while true {
      guard let byte = current else { throw unexpected("inside a string") }
      switch byte {
      case UInt8(ascii: "\""):
        position += 1
        return String(decoding: utf8, as: UTF8.self)
      case UInt8(ascii: "\\"):
        position += 1
        guard let escape = current else { throw unexpected("after '\\' in a string") }
        position += 1
        switch escape {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escape)
        case UInt8(ascii: "b"): utf8.append(0x08)
        case UInt8(ascii: "f"): utf8.append(0x0C)
        case UInt8(ascii: "n"): utf8.append(0x0A)
        case UInt8(ascii: "r"): utf8.append(0x0D)
        case UInt8(ascii: "t"): utf8.append(0x09)
        case UInt8(ascii: "u"):
          let scalar = try parseUnicodeEscape()
          utf8.append(contentsOf: String(Character(scalar)).utf8)
        default:
          position -= 1
          throw unexpected("after '\\' in a string")
        }
      case 0x00..<0x20:
        throw unexpected("(control character) inside a string")
      default:
        utf8.append(byte)
        position += 1
      }
    }
  }

  /// After `\u`: four hex digits, and for a high surrogate the `\uXXXX` low surrogate after it.
  private mutating func parseUnicodeEscape() throws(Failure) -> Unicode.Scalar {
    let start = position - 2
    let first = try parseHex4()
    var value = first
    if (0xD800..<0xDC00).contains(first) {
      guard current == UInt8(ascii: "\\"), position + 1 < bytes.count,
        bytes[position + 1] == UInt8(ascii: "u")
      else {
        throw Failure(message: "unpaired surrogate in a \\u escape", offset: start)
      }
      position += 2
      let second = try parseHex4()
      guard (0xDC00..<0xE000).contains(second) else {
        throw Failure(message: "unpaired surrogate in a \\u escape", offset: start)
      }
      value = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
    }
    guard let scalar = Unicode.Scalar(value) else {
      throw Failure(message: "unpaired surrogate in a \\u escape", offset: start)
    }
    return scalar
  }

  private mutating func parseHex4() throws(Failure) -> UInt32 {
    var value: UInt32 = 0
    for _ in 0..<4 {
      guard let byte = current else { throw unexpected("in a \\u escape") }
      let digit: UInt8
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
      case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
      default: throw unexpected("in a \\u escape")
      }
      value = value << 4 | UInt32(digit)
      position += 1
    }
    return value
  }

  /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, returned as its text.
  private mutating func parseNumber() throws(Failure) -> String {
    let start = position
    func isDigit(_ byte: UInt8?) -> Bool {
      guard let byte else { return false }
      return byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
    if current == UInt8(ascii: "-") { position += 1 }
    if current == UInt8(ascii: "0") {
      position += 1
    } else {
      guard isDigit(current) else { throw unexpected("in a number") }
      while isDigit(current) { position += 1 }
    }
    if current == UInt8(ascii: ".") {
      position += 1
      guard isDigit(current) else { throw unexpected("in a number") }
      while isDigit(current) { position += 1 }
    }
    if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
      position += 1
      if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
      guard isDigit(current) else { throw unexpected("in a number") }
      while isDigit(current) { position += 1 }
    }
    return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
  }
}
