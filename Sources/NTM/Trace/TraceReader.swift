import Foundation

/// A run read back from a JSON Lines trace, for `ntm view --trace`: written by `ntm trace`,
/// shared by someone else, or written by another NTM implementation (PyTorch, JAX).
///
/// ```swift
/// let replay = try TraceReader.read(contentsOf: URL(fileURLWithPath: "run.jsonl"))
/// replay.run.firstStep(where: .wrongBit)
/// ```
///
/// The minimum a trace needs, per step line: `t` (0, 1, … in order), `input` and `output` (arrays
/// of numbers), `memory` (N rows of M numbers, after the step's writes) and `heads`, an array of
/// objects each with `head` (its name: write0, read0, … or any name with `kind` "write" or
/// "read") and `weighting` (N numbers). Everything else `Trace.step` writes is read when present:
/// `target` and `scored` (for wrong bits and cost), `phase`, `memoryBefore`, `controller`, and per
/// head the addressing stages (`previous`, `key`, `keyStrength`, `similarity`,
/// `contentWeighting`, `interpolationGate`, `gatedWeighting`, `shiftWeighting`,
/// `shiftedWeighting`, `sharpening`: all of them or none) and `erase`, `add`, `read`. An optional
/// first line `{"type": "header", …}` may name the `task` and its `taskParameters` (for the
/// task's reading of the sequence) and the `shifts`. `null` stands for NaN. Every error names
/// the file, the line and the field.
public enum TraceReader {
  /// The names of a head's addressing fields, which come all together or not at all.
  public static let addressingFields = [
    "previous", "key", "keyStrength", "similarity", "contentWeighting", "interpolationGate",
    "gatedWeighting", "shiftWeighting", "shiftedWeighting", "sharpening",
  ]

  public static func read(contentsOf url: URL) throws(TraceError) -> ReplayedTrace {
    let data: Data
    do throws(InputFile.Failure) { data = try InputFile.read(url, limit: Limits.traceBytes) } catch {
      throw TraceError(source: url.lastPathComponent, line: nil, field: nil, problem: error.problem)
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw TraceError(source: url.lastPathComponent, line: nil, field: nil, problem: "is not UTF-8 text")
    }
    return try read(text, source: url.lastPathComponent)
  }

  /// Reads a trace's text; `source` names it in errors.
  public static func read(_ text: String, source: String) throws(TraceError) -> ReplayedTrace {
    var header: TraceLine?
    var steps: [TraceLine] = []
    for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
      guard !line.isEmpty else { continue }
      let parsed = try TraceLine(line, number: index + 1, source: source)
      switch parsed.object["type"] as? String ?? (parsed.object["t"] != nil ? "step" : nil) {
      case "header":
        guard header == nil, steps.isEmpty else {
          throw parsed.error(nil, "a header must be the first line, and the only one")
        }
        header = parsed
      case "step": steps.append(parsed)
      default: throw parsed.error("type", "neither a header nor a step (it has no \"type\" and no \"t\")")
      }
    }
    guard let first = steps.first else {
      throw TraceError(source: source, line: nil, field: nil, problem: "holds no step lines")
    }
    // A trace without "machine" (older, or another implementation's) is an NTM's.
    if let header, let machine = header.object["machine"], machine as? String != MachineKind.ntm.rawValue {
      throw header.error("machine", "is \(machine); only an NTM's trace can be replayed here")
    }
    if let header, let count = header.object["steps"] as? Int, count != steps.count {
      throw header.error("steps", "the header says \(count) steps, the file has \(steps.count)")
    }
    var reader = try StepReader(first: first, header: header)
    let records = try steps.map { line throws(TraceError) in try reader.record(line) }
    let shifts = try header.map { h throws(TraceError) in try h.shifts() } ?? nil
    let shiftRange = shifts ?? StepReader.centredShifts(records[0].heads[0].addressing.shiftWeighting.count)
    if reader.hasAddressing, let s = records[0].heads.first?.addressing.shiftWeighting,
      s.count != shiftRange.count
    {
      throw first.error(
        "heads[0].shiftWeighting", "\(s.count) weights for the header's \(shiftRange.count) shifts")
    }
    let episode = Episode(
      inputs: reader.inputs, targets: reader.targets, scored: reader.scored, phases: reader.phases)
    var task: (any TaskGenerator)?
    if let name = header?.object["task"] as? String {
      let parameters = header?.object["taskParameters"] as? [String: String] ?? [:]
      // Only a task whose shape fits the steps can read them.
      if let known = try? makeTask(named: name, parameters: parameters),
        known.inputWidth == episode.inputs[0].count,
        known.outputWidth == episode.targets[0].count
      {
        task = known
      }
    }
    let run = RecordedRun(
      episode: episode, records: records, shifts: shiftRange, hasAddressing: reader.hasAddressing,
      reading: task?.reading(of: episode))
    return ReplayedTrace(
      run: run, task: task, taskName: header?.object["task"] as? String,
      checkpoint: header?.object["checkpoint"] as? String)
  }
}

/// What `TraceReader` gives back: the run, and what the header said about it.
public struct ReplayedTrace: Sendable {
  public var run: RecordedRun
  /// The task, when the header names one the library knows and its widths fit the steps.
  public var task: (any TaskGenerator)?
  /// The task the header names, known or not.
  public var taskName: String?
  /// The checkpoint the header names.
  public var checkpoint: String?
}

/// A malformed trace: the file, the line (from 1) and the field, and what is wrong.
public struct TraceError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
  public var source: String
  public var line: Int?
  public var field: String?
  public var problem: String

  public var description: String {
    var text = source
    if let line { text += ":\(line)" }
    if let field { text += ": \(field)" }
    return text + ": " + problem
  }
  public var errorDescription: String? { description }
}

/// One parsed line, with accessors whose errors name the line and the field.
struct TraceLine {
  let object: [String: Any]
  let number: Int
  let source: String

  init(_ text: String, number: Int, source: String) throws(TraceError) {
    self.number = number
    self.source = source
    let parsed = try? JSONSerialization.jsonObject(with: Data(text.utf8))
    guard let object = parsed as? [String: Any] else {
      throw TraceError(source: source, line: number, field: nil, problem: "not a JSON object")
    }
    self.object = object
  }

  func error(_ field: String?, _ problem: String) -> TraceError {
    TraceError(source: source, line: number, field: field, problem: problem)
  }

  func shifts() throws(TraceError) -> ClosedRange<Int>? {
    guard let value = object["shifts"] else { return nil }
    guard let offsets = value as? [Int], let first = offsets.first,
      offsets == Array(first..<(first + offsets.count))
    else { throw error("shifts", "must be consecutive whole numbers, lowest first, e.g. [-1, 0, 1]") }
    return first...(first + offsets.count - 1)
  }

  /// `object[key]` as numbers (`null` as NaN); `path` names it in errors.
  static func numbers(_ value: Any?, _ path: String, in line: TraceLine) throws(TraceError) -> [Float] {
    guard let array = value as? [Any] else {
      throw line.error(path, value == nil ? "missing" : "must be an array of numbers")
    }
    var result: [Float] = []
    result.reserveCapacity(array.count)
    for (i, element) in array.enumerated() {
      if element is NSNull {
        result.append(.nan)
      } else if let number = TraceLine.number(element) {
        result.append(number)
      } else {
        throw line.error("\(path)[\(i)]", "is not a number")
      }
    }
    return result
  }

  static func matrix(_ value: Any?, _ path: String, in line: TraceLine) throws(TraceError) -> Matrix<Float> {
    guard let rows = value as? [Any], !rows.isEmpty else {
      throw line.error(path, value == nil ? "missing" : "must be an array of rows of numbers")
    }
    var values: [Float] = []
    var width: Int?
    for (i, row) in rows.enumerated() {
      let numbers = try numbers(row, "\(path)[\(i)]", in: line)
      if let width, numbers.count != width {
        throw line.error("\(path)[\(i)]", "\(numbers.count) values, the rows before have \(width)")
      }
      width = numbers.count
      values += numbers
    }
    return Matrix(rows: rows.count, columns: width ?? 0, values: values)
  }

  static func scalar(_ value: Any?, _ path: String, in line: TraceLine) throws(TraceError) -> Float {
    if value is NSNull { return .nan }
    guard let number = value.flatMap(TraceLine.number) else {
      throw line.error(path, value == nil ? "missing" : "is not a number")
    }
    return number
  }

  /// A JSON number as a Float; nil for anything else, true and false included (Foundation
  /// hands booleans over as numbers whose type code is a char).
  static func number(_ value: Any) -> Float? {
    guard let number = value as? NSNumber, String(cString: number.objCType) != "c" else { return nil }
    return number.floatValue
  }
}

/// Builds step records line by line, checking that every step has the shape of the first.
struct StepReader {
  var inputs: [[Float]] = []
  var targets: [[Float]] = []
  var scored: [Bool] = []
  var phases: [Phase] = []
  /// Whether the heads carry their addressing fields (decided by the first step's first head).
  let hasAddressing: Bool
  private let headNames: [String]
  private let kinds: [Bool]  // isWrite, per head in the file's order
  private var memoryBefore: Matrix<Float>?
  /// M₀'s constant when no step line carries `memoryBefore`; nil when the model learns M₀, whose
  /// values only the step lines hold.
  private let initialValue: Float?

  init(first: TraceLine, header: TraceLine?) throws(TraceError) {
    guard let heads = first.object["heads"] as? [[String: Any]], !heads.isEmpty else {
      throw first.error(
        "heads", first.object["heads"] == nil ? "missing" : "must be a non-empty array of objects")
    }
    headNames = heads.enumerated().map { ($0.element["head"] as? String) ?? "head \($0.offset)" }
    var kinds: [Bool] = []
    for (h, head) in heads.enumerated() {
      let name = head["head"] as? String
      let kind =
        head["kind"] as? String
        ?? (name?.hasPrefix("write") == true ? "write" : (name?.hasPrefix("read") == true ? "read" : nil))
      guard let kind, kind == "write" || kind == "read" else {
        throw first.error("heads[\(h)].kind", "say \"write\" or \"read\" (or name the head write0, read0, …)")
      }
      kinds.append(kind == "write")
    }
    self.kinds = kinds
    hasAddressing = heads[0]["keyStrength"] != nil
    let configuration = header?.object["configuration"] as? [String: Any]
    initialValue =
      configuration?["memoryInitialisation"] as? String == "learned"
      ? nil : (configuration?["memoryInitialValue"] as? NSNumber)?.floatValue ?? 0
  }

  /// Offsets centred on 0 for `count` shift weights (−1, 0, +1 for three), when no header says.
  static func centredShifts(_ count: Int) -> ClosedRange<Int> {
    let low = -(max(count, 1) - 1) / 2
    return low...(low + max(count, 1) - 1)
  }

  mutating func record(_ line: TraceLine) throws(TraceError) -> StepRecord<Float> {
    let o = line.object
    let t = inputs.count
    guard let given = o["t"] as? Int, given == t else {
      throw line.error(
        "t", o["t"] == nil ? "missing" : "is \(o["t"]!), expected \(t) (steps count 0, 1, … in order)")
    }
    let input = try TraceLine.numbers(o["input"], "input", in: line)
    let output = try TraceLine.numbers(o["output"], "output", in: line)
    if let first = inputs.first, first.count != input.count {
      throw line.error("input", "\(input.count) values, step 0 has \(first.count)")
    }
    if let first = targets.first, first.count != output.count {
      throw line.error("output", "\(output.count) values, step 0 has \(first.count)")
    }
    let memory = try TraceLine.matrix(o["memory"], "memory", in: line)
    if let before = memoryBefore, before.rows != memory.rows || before.columns != memory.columns {
      throw line.error(
        "memory", "\(memory.rows)×\(memory.columns), step 0 has \(before.rows)×\(before.columns)")
    }
    let before: Matrix<Float>
    if let value = o["memoryBefore"] {
      before = try TraceLine.matrix(value, "memoryBefore", in: line)
    } else if let memoryBefore {
      before = memoryBefore
    } else if let initialValue {
      before = Matrix(rows: memory.rows, columns: memory.columns, repeating: initialValue)
    } else {
      throw line.error(
        "memoryBefore", "missing; the model learns its initial memory, which only step 0 can give")
    }
    var target = [Float](repeating: 0, count: output.count)
    if let value = o["target"] {
      target = try TraceLine.numbers(value, "target", in: line)
      guard target.count == output.count else {
        throw line.error("target", "\(target.count) values for \(output.count) outputs")
      }
    }
    let isScored = o["scored"] as? Bool ?? (o["target"] != nil)
    let phase: Phase
    if let name = o["phase"] {
      guard let name = name as? String, let known = Phase(rawValue: name) else {
        throw line.error("phase", "must be one of \(Phase.allCases.map(\.rawValue).joined(separator: ", "))")
      }
      phase = known
    } else {
      phase = isScored ? .output : .input
    }
    let heads = try self.heads(line, locations: memory.rows, width: memory.columns)
    inputs.append(input)
    targets.append(target)
    scored.append(isScored)
    phases.append(phase)
    memoryBefore = memory
    return StepRecord(
      time: t, input: input, controller: try controller(line), writeHeads: heads.filter { $0.id.isWrite },
      readHeads: heads.filter { !$0.id.isWrite }, memoryBefore: before, memoryAfter: memory, outputLogits: [],
      output: output)
  }

  private func heads(_ line: TraceLine, locations n: Int, width m: Int) throws(TraceError) -> [HeadRecord<
    Float
  >] {
    guard let heads = line.object["heads"] as? [[String: Any]] else {
      throw line.error("heads", line.object["heads"] == nil ? "missing" : "must be an array of objects")
    }
    guard heads.count == headNames.count else {
      throw line.error("heads", "\(heads.count) heads, step 0 has \(headNames.count)")
    }
    var writes = 0
    var reads = 0
    var result: [HeadRecord<Float>] = []
    for (h, head) in heads.enumerated() {
      let path = "heads[\(h)]"
      if let name = head["head"] as? String, name != headNames[h] {
        throw line.error("\(path).head", "is \(name), step 0 has \(headNames[h]) here")
      }
      func vector(_ key: String, count: Int?) throws(TraceError) -> [Float] {
        let values = try TraceLine.numbers(head[key], "\(path).\(key)", in: line)
        if let count, values.count != count {
          throw line.error("\(path).\(key)", "\(values.count) values, expected \(count)")
        }
        return values
      }
      let weighting = try vector("weighting", count: n)
      var addressing = AddressingRecord<Float>(
        previous: [], key: [], keyStrength: 0, similarity: [], contentWeighting: [], interpolationGate: 0,
        gatedWeighting: [], shiftWeighting: [], shiftedWeighting: [], sharpening: 0, weighting: weighting)
      let present = TraceReader.addressingFields.filter { head[$0] != nil }
      if hasAddressing || !present.isEmpty {
        if let missing = TraceReader.addressingFields.first(where: { head[$0] == nil }) {
          throw line.error(
            "\(path).\(missing)",
            "missing: a head's addressing fields (\(TraceReader.addressingFields.joined(separator: ", "))) come all together or not at all, as in step 0"
          )
        }
        guard hasAddressing else {
          throw line.error(path, "has addressing fields, but step 0's first head has none")
        }
        addressing.previous = try vector("previous", count: n)
        addressing.key = try vector("key", count: m)
        addressing.keyStrength = try TraceLine.scalar(head["keyStrength"], "\(path).keyStrength", in: line)
        addressing.similarity = try vector("similarity", count: n)
        addressing.contentWeighting = try vector("contentWeighting", count: n)
        addressing.interpolationGate = try TraceLine.scalar(
          head["interpolationGate"], "\(path).interpolationGate", in: line)
        addressing.gatedWeighting = try vector("gatedWeighting", count: n)
        addressing.shiftWeighting = try vector("shiftWeighting", count: nil)
        addressing.shiftedWeighting = try vector("shiftedWeighting", count: n)
        addressing.sharpening = try TraceLine.scalar(head["sharpening"], "\(path).sharpening", in: line)
      }
      let isWrite = kinds[h]
      let id: HeadID = isWrite ? .write(writes) : .read(reads)
      if isWrite { writes += 1 } else { reads += 1 }
      // Vectors a trace leaves out stay empty; `vector` checks those it gives.
      func optionalVector(_ key: String) throws(TraceError) -> [Float] {
        head[key] == nil ? [] : try vector(key, count: m)
      }
      let access: HeadAccess<Float> =
        isWrite
        ? .write(erase: try optionalVector("erase"), add: try optionalVector("add"))
        : .read(try optionalVector("read"))
      result.append(HeadRecord(id: id, raw: [], addressing: addressing, access: access))
    }
    return result
  }

  /// The controller's hidden (and cell) state per layer, when the line has them.
  private func controller(_ line: TraceLine) throws(TraceError) -> ControllerRecord<Float> {
    guard let controller = line.object["controller"] as? [String: Any] else {
      return ControllerRecord(input: [], layers: [])
    }
    let input =
      try controller["input"].map { v throws(TraceError) in
        try TraceLine.numbers(v, "controller.input", in: line)
      } ?? []
    let hidden = controller["hidden"] as? [Any] ?? []
    let cells = controller["cell"] as? [Any] ?? []
    var layers: [ControllerLayerRecord<Float>] = []
    for (l, value) in hidden.enumerated() {
      var layer = ControllerLayerRecord<Float>(
        input: [], hidden: try TraceLine.numbers(value, "controller.hidden[\(l)]", in: line))
      if l < cells.count { layer.cell = try TraceLine.numbers(cells[l], "controller.cell[\(l)]", in: line) }
      layers.append(layer)
    }
    return ControllerRecord(input: input, layers: layers)
  }
}
