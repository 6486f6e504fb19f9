import Foundation
import Testing

@testable import NTM

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

@Suite("SafeTensors")
struct SafeTensorsTests {
  typealias Tensor = SafeTensors.Tensor

  // MARK: Fixtures

  /// A file with a bit of everything: matrices, a scalar, empty tensors, awkward names, special
  /// values and metadata needing escapes.
  static let sample = SafeTensors(
    tensors: [
      "controller.weight": Tensor(shape: [3, 4], values: (0..<12).map { Float($0) * 0.25 - 1 }),
      "controller.bias": Tensor(shape: [4], values: [0.1, -0.2, 0.3, -0.4]),
      "scalar": Tensor(shape: [], values: [Float.pi]),
      "empty": Tensor(shape: [0, 5], values: []),
      "also empty": Tensor(shape: [3, 0, 2], values: []),
      "special": Tensor(
        shape: [2, 4],
        values: [
          Float(bitPattern: 0x7FC0_1234), -0.0, .infinity, -.infinity,
          .leastNonzeroMagnitude, .greatestFiniteMagnitude, -.leastNormalMagnitude, 1,
        ]),
      "ünïcödé \"quoted\"\n\u{1}/\\": Tensor(shape: [1, 1], values: [42]),
    ],
    metadata: [
      "task": "copy", "seed": "7", "note": "line 1\nline 2 \"q\" ü \u{1} \\ /", "": "empty key",
    ])

  /// Builds a file from a header given as text and raw data bytes, with the correct length field.
  static func file(_ header: String, data: [UInt8] = []) -> Data {
    var bytes = Data()
    withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { bytes.append(contentsOf: $0) }
    bytes.append(contentsOf: Array(header.utf8))
    bytes.append(contentsOf: data)
    return bytes
  }

  /// The reader's error for `data`, or `nil` if it loads.
  static func rejection(_ data: Data, source: String = "model.safetensors") -> SafeTensorsError? {
    do {
      _ = try SafeTensors(data: data, source: source)
      return nil
    } catch {
      return error
    }
  }

  /// Every loaded file must satisfy these, however it was corrupted.
  static func checkInvariants(_ file: SafeTensors) throws {
    for (name, tensor) in file.tensors {
      #expect(tensor.shape.allSatisfy { $0 >= 0 }, "\(name)")
      #expect(tensor.shape.reduce(1, *) == tensor.values.count, "\(name)")
      #expect(name != "__metadata__")
    }
    let again = try SafeTensors(data: try file.encoded(), source: "again")
    #expect(again == file)
  }

  // MARK: Round trip

  @Test func roundTripIsExact() throws {
    let data = try Self.sample.encoded()
    let loaded = try SafeTensors(data: data, source: "sample")
    #expect(loaded == Self.sample)
    #expect(loaded.tensors["special"]?.values[0].bitPattern == 0x7FC0_1234)
    #expect(loaded.tensors["special"]?.values[1].sign == .minus)
    #expect(try loaded.encoded() == data)  // deterministic
    #expect(data.count % 8 == 0)  // header padded to 8, data all F32
  }

  @Test func emptyFileRoundTrips() throws {
    let data = try SafeTensors().encoded()
    #expect(data == Self.file("{}      "))
    #expect(try SafeTensors(data: data, source: "empty") == SafeTensors())
  }

  @Test func equalityIsBitwise() {
    let nan = Tensor(shape: [1], values: [.nan])
    #expect(nan == nan)
    #expect(Tensor(shape: [1], values: [0]) != Tensor(shape: [1], values: [-0.0]))
    #expect(Tensor(shape: [2], values: [1, 2]) != Tensor(shape: [1, 2], values: [1, 2]))
    #expect(Tensor(shape: [0], values: []) == Tensor(shape: [0], values: []))
  }

  @Test func readerAcceptsADataSlice() throws {
    var padded = Data([1, 2, 3])
    padded.append(try Self.sample.encoded())
    let slice = padded.dropFirst(3)  // startIndex 3, and the floats are unaligned in memory
    #expect(try SafeTensors(data: slice, source: "slice") == Self.sample)
  }

  // MARK: Hand-built fixtures

  /// What the reference implementation (Python `safetensors.numpy.save`) writes for
  /// `{"a": [1.0, -2.5], "b": 0.5}` with metadata `{"format": "pt"}`, spelled out from the spec.
  static let referenceBytes: [UInt8] =
    [0x90, 0, 0, 0, 0, 0, 0, 0]  // header length 144, little-endian UInt64
    + Array(
      (#"{"__metadata__":{"format":"pt"},"#
        + #""a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"#
        + #""b":{"dtype":"F32","shape":[],"data_offsets":[8,12]}}"#
        + "      ").utf8)  // 138 bytes of JSON padded with spaces to 144
    + [0x00, 0x00, 0x80, 0x3F]  // 1.0
    + [0x00, 0x00, 0x20, 0xC0]  // -2.5
    + [0x00, 0x00, 0x00, 0x3F]  // 0.5

  static let referenceContents = SafeTensors(
    tensors: ["a": Tensor(shape: [2], values: [1, -2.5]), "b": Tensor(shape: [], values: [0.5])],
    metadata: ["format": "pt"])

  @Test func readsHandBuiltFile() throws {
    #expect(Self.referenceBytes.count == 8 + 144 + 12)
    let loaded = try SafeTensors(data: Data(Self.referenceBytes), source: "fixture")
    #expect(loaded == Self.referenceContents)
  }

  @Test func writesHandBuiltFileByteForByte() throws {
    #expect(try Self.referenceContents.encoded() == Data(Self.referenceBytes))
  }

  @Test func readsNonCanonicalLayout() throws {
    // Whitespace, other key orders, data not in name order, no padding (so the data starts at an
    // odd offset), a null __metadata__, escapes in names: all valid.
    let header = """
       { "z" : {"data_offsets": [0, 4], "shape": [1], "dtype": "F32"},
      "__metadata__": null,
      "\\u00e9t\\u00E9 \\ud83d\\ude00\\/" : {"shape":[1,1],"dtype":"F32","data_offsets":[4,8]} }\t
      """
    let data = Self.file(header, data: [0x00, 0x00, 0x80, 0xBF, 0x00, 0x00, 0x40, 0x40])
    #expect((8 + header.utf8.count) % 4 != 0)  // the floats are unaligned
    let loaded = try SafeTensors(data: data, source: "loose")
    #expect(
      loaded
        == SafeTensors(tensors: [
          "z": Tensor(shape: [1], values: [-1]), "été 😀/": Tensor(shape: [1, 1], values: [3]),
        ]))
  }

  // MARK: Rejections

  static func expectRejected(
    _ data: Data, _ problem: String, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    guard let error = rejection(data) else {
      Issue.record("accepted a bad file; expected: \(problem)", sourceLocation: sourceLocation)
      return
    }
    #expect(error.source == "model.safetensors", sourceLocation: sourceLocation)
    #expect(error.description.hasPrefix("model.safetensors: "), sourceLocation: sourceLocation)
    #expect(
      error.problem.contains(problem), "\(error.problem) does not contain \(problem)",
      sourceLocation: sourceLocation)
  }

  static func entry(_ shape: String, _ offsets: String, dtype: String = #""F32""#) -> String {
    #"{"dtype":\#(dtype),"shape":\#(shape),"data_offsets":\#(offsets)}"#
  }

  @Test func rejectsBadFraming() {
    Self.expectRejected(Data([1, 2, 3, 4, 5]), "file is 5 bytes, shorter than the 8-byte header length")
    Self.expectRejected(Data(), "file is 0 bytes")
    var big = Data(count: 4096)
    big.replaceSubrange(0..<8, with: [0x3F, 0x42, 0x0F, 0, 0, 0, 0, 0])  // 999999
    Self.expectRejected(big, "header length 999999 exceeds file size 4096")
    Self.expectRejected(Data([9, 0, 0, 0, 0, 0, 0, 0, 0x7B, 0x7D]), "header length 9 exceeds file size 10")
    Self.expectRejected(
      Data([0, 0, 0, 0, 0, 0, 0, 0x80]), "header length 9223372036854775808 exceeds the maximum of 100000000")
    Self.expectRejected(
      Data([0x01, 0xE1, 0xF5, 0x05, 0, 0, 0, 0]), "header length 100000001 exceeds the maximum")
  }

  @Test func rejectsBadHeaderText() {
    var notUTF8 = Self.file("{}")
    notUTF8[9] = 0xFF
    Self.expectRejected(notUTF8, "header is not valid UTF-8")
    Self.expectRejected(Self.file(""), "header is not valid JSON")
    Self.expectRejected(Self.file(#"{"a":"#), "header is not valid JSON")
    Self.expectRejected(
      Self.file("{} x"), "header is not valid JSON (unexpected 'x' after the top-level value")
    Self.expectRejected(Self.file("{}\0"), "header is not valid JSON")
    Self.expectRejected(Self.file("{\"a\u{1}\":1}"), "header is not valid JSON (unexpected byte 0x1 (control")
    Self.expectRejected(Self.file(#"{"\ud800":1}"#), "unpaired surrogate")
    Self.expectRejected(Self.file(#"{"a":01}"#), "header is not valid JSON")
    Self.expectRejected(Self.file(#"{"a":[1,]}"#), "header is not valid JSON")
    Self.expectRejected(Self.file("[1, 2]"), "header is not a JSON object but an array")
    Self.expectRejected(Self.file(#""{}""#), "header is not a JSON object but a string")
    let deep =
      #"{"__metadata__":"# + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
      + "}"
    Self.expectRejected(Self.file(deep), "nesting deeper than 64")
  }

  @Test func rejectsBadEntries() {
    let four: [UInt8] = [0, 0, 0x80, 0x3F]
    func reject(_ body: String, data: [UInt8] = four, _ problem: String, line: Int = #line) {
      Self.expectRejected(
        Self.file("{" + body + "}", data: data), problem,
        sourceLocation: SourceLocation(fileID: #fileID, filePath: #filePath, line: line, column: 1))
    }
    reject(#""x":5"#, "tensor 'x' entry is not a JSON object but a number")
    reject(#""x":{"shape":[1],"data_offsets":[0,4]}"#, "tensor 'x' has no 'dtype'")
    reject(
      #""x":"# + Self.entry("[1]", "[0,4]", dtype: "32"), "tensor 'x' dtype is not a string but a number")
    reject(
      #""x":"# + Self.entry("[1]", "[0,4]", dtype: #""I64""#),
      "tensor 'x' dtype 'I64' is not supported (expected F32)")
    reject(#""x":"# + Self.entry("[1]", "[0,4]", dtype: #""f32""#), "tensor 'x' dtype 'f32' is not supported")
    reject(#""x":{"dtype":"F32","data_offsets":[0,4]}"#, "tensor 'x' has no 'shape'")
    reject(#""x":"# + Self.entry("4", "[0,4]"), "tensor 'x' shape 4 is not an array of non-negative integers")
    reject(
      #""x":"# + Self.entry("[-1]", "[0,4]"), "tensor 'x' shape [-1] is not an array of non-negative integers"
    )
    reject(#""x":"# + Self.entry("[1.0]", "[0,4]"), "tensor 'x' shape [1.0] is not an array")
    reject(#""x":"# + Self.entry("[1e0]", "[0,4]"), "tensor 'x' shape [1e0] is not an array")
    reject(#""x":"# + Self.entry(#"["1"]"#, "[0,4]"), "tensor 'x' shape ['1'] is not an array")
    reject(
      #""x":"# + Self.entry("[99999999999999999999]", "[0,4]"),
      "tensor 'x' shape value 99999999999999999999 is too large")
    reject(
      #""x":"# + Self.entry("[4611686018427387904,4]", "[0,4]"),
      "tensor 'x' shape [4611686018427387904, 4] has too many elements")
    reject(#""x":"# + Self.entry("[4611686018427387904,4,0]", "[0,0]"), "has too many elements")
    reject(#""x":{"dtype":"F32","shape":[1]}"#, "tensor 'x' has no 'data_offsets'")
    reject(
      #""x":"# + Self.entry("[1]", "[0]"),
      "tensor 'x' data_offsets [0] is not an array of two non-negative integers")
    reject(
      #""x":"# + Self.entry("[1]", "[0,4,4]"), "tensor 'x' data_offsets [0, 4, 4] is not an array of two")
    reject(#""x":"# + Self.entry("[1]", "[-4,0]"), "tensor 'x' data_offsets [-4, 0] is not an array of two")
    reject(#""x":"# + Self.entry("[1]", "{}"), "tensor 'x' data_offsets {} is not an array of two")
    reject(
      #""x":"# + Self.entry("[0]", "[4,0]"), "tensor 'x' has data_offsets [4, 0] whose begin is after its end"
    )
    reject(
      #""x":"# + Self.entry("[10]", "[0,40]"),
      "tensor 'x' has data_offsets [0, 40] beyond the data section of 4 bytes")
    reject(
      #""output.weight":"# + Self.entry("[2,4]", "[0,12]"), data: Array(repeating: 0, count: 12),
      "tensor 'output.weight' has data_offsets [0, 12] but shape [2, 4] of F32 needs 32 bytes")
    reject(
      #""x":"# + Self.entry("[]", "[0,0]"),
      "tensor 'x' has data_offsets [0, 0] but shape [] of F32 needs 4 bytes")
    reject(
      #""x":{"dtype":"F32","shape":[1],"data_offsets":[0,4],"extra":1}"#,
      "tensor 'x' has unexpected key 'extra'")
    reject(
      #""x":{"dtype":"F32","dtype":"F32","shape":[1],"data_offsets":[0,4]}"#,
      "tensor 'x' has key 'dtype' twice")
    reject(
      #""x":"# + Self.entry("[1]", "[0,4]") + #","x":"# + Self.entry("[0]", "[4,4]"),
      "tensor 'x' appears twice")
    // Canonically equivalent names are one key in a Swift dictionary, so they must be refused.
    reject(
      #""\u00e9":"# + Self.entry("[1]", "[0,4]") + #","e\u0301":"# + Self.entry("[0]", "[4,4]"),
      "appears twice")
    reject(
      #""__metadata__":{},"__metadata__":{},"x":"# + Self.entry("[1]", "[0,4]"),
      "header has '__metadata__' twice")
    // Hostile names are shown escaped.
    reject(#""\u001b[31m":5"#, #"tensor '\u{1b}[31m' entry is not a JSON object"#)
  }

  @Test func rejectsBadLayout() {
    let twelve = [UInt8](repeating: 0, count: 12)
    func reject(_ body: String, data: [UInt8] = twelve, _ problem: String, line: Int = #line) {
      Self.expectRejected(
        Self.file("{" + body + "}", data: data), problem,
        sourceLocation: SourceLocation(fileID: #fileID, filePath: #filePath, line: line, column: 1))
    }
    reject(
      #""a":"# + Self.entry("[2]", "[0,8]") + #","b":"# + Self.entry("[2]", "[4,12]"),
      "tensors 'a' and 'b' overlap")
    reject(
      #""b":"# + Self.entry("[2]", "[0,8]") + #","a":"# + Self.entry("[2]", "[0,8]"),
      "tensors 'a' and 'b' overlap")
    // An empty tensor inside another counts as overlapping, as in the reference implementation.
    reject(
      #""a":"# + Self.entry("[3]", "[0,12]") + #","e":"# + Self.entry("[0]", "[4,4]"),
      "tensors 'a' and 'e' overlap (data_offsets [0, 12] and [4, 4])")
    reject(
      #""a":"# + Self.entry("[1]", "[0,4]") + #","b":"# + Self.entry("[1]", "[8,12]"),
      "data section has a gap: bytes 4..<8 after tensor 'a' before tensor 'b' belong to no tensor")
    reject(#""b":"# + Self.entry("[2]", "[4,12]"), "data section has a gap: bytes 0..<4 before tensor 'b'")
    reject(
      #""a":"# + Self.entry("[2]", "[0,8]"),
      "data section is 12 bytes but the tensors cover only 8; the last 4 bytes belong to no tensor")
    reject("", data: [1], "data section is 1 bytes but the tensors cover only 0")
  }

  @Test func rejectsBadMetadata() {
    func reject(_ body: String, _ problem: String, line: Int = #line) {
      Self.expectRejected(
        Self.file("{" + body + "}"), problem,
        sourceLocation: SourceLocation(fileID: #fileID, filePath: #filePath, line: line, column: 1))
    }
    reject(#""__metadata__":{"seed":3}"#, "__metadata__ value for 'seed' is not a string but a number")
    reject(#""__metadata__":{"seed":null}"#, "__metadata__ value for 'seed' is not a string but null")
    reject(#""__metadata__":{"a":"1","a":"2"}"#, "__metadata__ key 'a' appears twice")
    reject(#""__metadata__":"x""#, "__metadata__ is not a JSON object but a string")
    reject(#""__metadata__":[]"#, "__metadata__ is not a JSON object but an array")
  }

  @Test func loadReportsFileProblems() throws {
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let missing = directory.appendingPathComponent("missing.safetensors")
    let error = #expect(throws: SafeTensorsError.self) { try SafeTensors.load(from: missing) }
    #expect(error?.source == "missing.safetensors")
    #expect(error?.problem == "no such file", "\(String(describing: error))")
    let directoryError = #expect(throws: SafeTensorsError.self) { try SafeTensors.load(from: directory) }
    #expect(directoryError?.problem == "is a directory, not a file", "\(String(describing: directoryError))")
    let short = directory.appendingPathComponent("short.safetensors")
    try Data([1, 2, 3]).write(to: short)
    #expect(
      throws: SafeTensorsError(
        source: "short.safetensors", problem: "file is 3 bytes, shorter than the 8-byte header length")
    ) {
      try SafeTensors.load(from: short)
    }
  }

  // MARK: Writer validation and helpers

  @Test func writerRefusesInconsistentTensors() {
    func problem(_ file: SafeTensors) -> String? {
      do {
        _ = try file.encoded()
        return nil
      } catch {
        return error.problem
      }
    }
    #expect(
      problem(SafeTensors(tensors: ["w": Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5])]))
        == "tensor 'w' has shape [2, 3] (6 elements) but 5 values")
    #expect(
      problem(SafeTensors(tensors: ["s": Tensor(shape: [], values: [])]))
        == "tensor 's' has shape [] (1 elements) but 0 values")
    #expect(
      problem(SafeTensors(tensors: ["n": Tensor(shape: [-1], values: [])]))
        == "tensor 'n' has invalid shape [-1]")
    #expect(
      problem(SafeTensors(tensors: ["__metadata__": Tensor(shape: [], values: [1])]))
        == "a tensor cannot be named '__metadata__'")
  }

  @Test func firstNonFiniteFindsTheFirstByNameThenIndex() {
    var file = SafeTensors(tensors: [
      "b": Tensor(shape: [3], values: [1, .nan, 2]),
      "a": Tensor(shape: [2, 2], values: [0, 1, 2, -.infinity]),
      "c": Tensor(shape: [1], values: [3]),
    ])
    #expect(file.firstNonFinite().map { "\($0.name)[\($0.index)]" } == "a[3]")
    file.tensors["a"] = Tensor(shape: [2, 2], values: [0, 1, 2, 3])
    #expect(file.firstNonFinite().map { "\($0.name)[\($0.index)]" } == "b[1]")
    file.tensors["b"] = nil
    #expect(file.firstNonFinite() == nil)
  }

  // MARK: Fuzzing

  @Test func truncationNeverCrashes() throws {
    let data = try Self.sample.encoded()
    for length in 0..<data.count {
      let error = Self.rejection(data.prefix(length), source: "cut")
      #expect(error != nil, "a file cut to \(length) of \(data.count) bytes loaded")
      #expect(error?.source == "cut")
    }
  }

  @Test func corruptionNeverCrashes() throws {
    let data = try Self.sample.encoded()
    let headerEnd = 8 + Int(data[0]) + Int(data[1]) << 8
    let jsonBytes = Array(#"{}[]",:0123456789-.eE\ "#.utf8)
    var rng = SeededGenerator(seed: 2024)
    var loadedCount = 0
    for trial in 0..<600 {
      var corrupt = data
      for _ in 0..<rng.int(in: 1...3) {
        // Mostly in the header, where the interesting damage is.
        let position = rng.bernoulli(0.85) ? rng.int(in: 0...headerEnd - 1) : rng.int(in: 0...data.count - 1)
        switch rng.int(in: 0...3) {
        case 0: corrupt[position] ^= UInt8(1) << UInt8(rng.int(in: 0...7))
        case 1: corrupt[position] = UInt8(rng.int(in: 0...255))
        case 2: corrupt[position] = jsonBytes[rng.int(in: 0...jsonBytes.count - 1)]
        default: corrupt[position] = 0
        }
      }
      do {
        let loaded = try SafeTensors(data: corrupt, source: "fuzz")
        loadedCount += 1
        try Self.checkInvariants(loaded)
      } catch let error as SafeTensorsError {
        #expect(error.source == "fuzz", "trial \(trial)")
        #expect(!error.problem.isEmpty)
      }
    }
    // Some damage (to values, to names, to whitespace) is still a valid file.
    #expect(loadedCount > 0)
    #expect(loadedCount < 600)
  }

  // MARK: Atomic write

  static func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("ntm-safetensors-\(getpid())-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  static func leftovers(in directory: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.contains(".tmp-") }
  }

  @Test func writeCreatesAndReplaces() throws {
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent("model.safetensors")
    try Self.referenceContents.write(to: url)
    #expect(try Data(contentsOf: url) == Data(Self.referenceBytes))
    try Self.sample.write(to: url)
    #expect(try SafeTensors.load(from: url) == Self.sample)
    #expect(try Self.leftovers(in: directory).isEmpty)
    // A stale temporary file from a crashed process with the same id is replaced.
    try Data([1, 2, 3]).write(to: directory.appendingPathComponent("model.safetensors.tmp-\(getpid())"))
    try Self.referenceContents.write(to: url)
    #expect(try SafeTensors.load(from: url) == Self.referenceContents)
    #expect(try Self.leftovers(in: directory).isEmpty)
  }

  @Test func failedWriteLeavesNoTrace() throws {
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }

    // The target is a non-empty directory: refused before anything is written.
    let target = directory.appendingPathComponent("model.safetensors")
    try FileManager.default.createDirectory(at: target, withIntermediateDirectories: false)
    try Data([7]).write(to: target.appendingPathComponent("keep"))
    let renameError = #expect(throws: SafeTensorsError.self) { try Self.sample.write(to: target) }
    #expect(renameError?.description == "model.safetensors: is a directory")
    #expect(try Data(contentsOf: target.appendingPathComponent("keep")) == Data([7]))
    #expect(try Self.leftovers(in: directory).isEmpty)

    // The temporary file cannot be created: the old file is untouched.
    let old = directory.appendingPathComponent("old.safetensors")
    try Self.referenceContents.write(to: old)
    let blocker = directory.appendingPathComponent("old.safetensors.tmp-\(getpid())")
    try FileManager.default.createDirectory(at: blocker, withIntermediateDirectories: false)
    try Data([7]).write(to: blocker.appendingPathComponent("keep"))
    let createError = #expect(throws: SafeTensorsError.self) { try Self.sample.write(to: old) }
    #expect(
      createError?.description.hasPrefix("old.safetensors: cannot create") == true,
      "\(String(describing: createError))")
    #expect(try Data(contentsOf: old) == Data(Self.referenceBytes))

    // An invalid tensor: nothing is written at all.
    #expect(throws: SafeTensorsError.self) {
      try SafeTensors(tensors: ["w": Tensor(shape: [2], values: [])]).write(to: old)
    }
    #expect(try Data(contentsOf: old) == Data(Self.referenceBytes))

    // The directory does not exist.
    #expect(throws: SafeTensorsError.self) {
      try Self.sample.write(to: directory.appendingPathComponent("nowhere/model.safetensors"))
    }
  }

  @Test(.enabled(if: geteuid() != 0, "root can write into read-only directories"))
  func writeIntoReadOnlyDirectoryFails() throws {
    let directory = try Self.temporaryDirectory()
    defer {
      chmod(directory.path, 0o755)
      try? FileManager.default.removeItem(at: directory)
    }
    let url = directory.appendingPathComponent("model.safetensors")
    try Self.referenceContents.write(to: url)
    chmod(directory.path, 0o555)
    #expect(throws: SafeTensorsError.self) { try Self.sample.write(to: url) }
    #expect(try Data(contentsOf: url) == Data(Self.referenceBytes))
    #expect(try Self.leftovers(in: directory).isEmpty)
  }

  // MARK: Interoperability

  /// Writes `$NTM_INTEROP_OUT.safetensors` and a description `$NTM_INTEROP_OUT.json` for
  /// `.ci/safetensors_interop.py`, which reads the file with the Python `safetensors` package.
  @Test(.enabled(if: ProcessInfo.processInfo.environment["NTM_INTEROP_OUT"] != nil))
  func interopExport() throws {
    let base = try #require(ProcessInfo.processInfo.environment["NTM_INTEROP_OUT"])
    try Self.sample.write(to: URL(fileURLWithPath: base + ".safetensors"))
    var tensors: [String: Any] = [:]
    for (name, tensor) in Self.sample.tensors {
      tensors[name] = ["shape": tensor.shape, "bits": tensor.values.map { Int($0.bitPattern) }]
    }
    let description: [String: Any] = ["tensors": tensors, "metadata": Self.sample.metadata]
    let json = try JSONSerialization.data(
      withJSONObject: description, options: [.prettyPrinted, .sortedKeys])
    try json.write(to: URL(fileURLWithPath: base + ".json"))
  }
}
