import Foundation
import NTM
import NTMAssets
import Testing

// The README's "Use the library" example, compiled here. The test below checks that the README
// shows exactly the code between the markers, so the two cannot drift apart.

// README example begins
/// One line per timestep of a copy model on a fresh sequence: where the write and read heads
/// focus, and the bits the machine outputs.
func describeSteps(of checkpoint: Checkpoint, length: Int = 4, seed: UInt64 = 7) throws -> [String] {
  let task = try checkpoint.makeTask()
  var generator = SeededGenerator(seed: seed)
  let episode = try task.checkedEpisode(size: length, using: &generator)
  guard case .ntm(let parameters) = checkpoint.parameters else { return [] }  // a DNC has no shifts
  var machine = Machine(parameters: parameters)
  let shifts = parameters.configuration.shifts
  return zip(episode.inputs, episode.phases).map { input, phase in
    let record = machine.step(input)  // every number this timestep computed
    let write = AddressingSummary(record.writeHeads[0].addressing, shifts: shifts)
    let read = AddressingSummary(record.readHeads[0].addressing, shifts: shifts)
    let bits = record.output.map { $0 > 0.5 ? "1" : "0" }.joined()
    return "t=\(record.time) \(phase) write@\(write.focus) read@\(read.focus) output \(bits)"
  }
}

func printSteps() throws {
  let checkpoint = try Checkpoint.load(from: URL(fileURLWithPath: "copy.safetensors"))
  for line in try describeSteps(of: checkpoint) { print(line) }
}
// README example ends

struct ExampleMissing: Error, CustomStringConvertible {
  var description: String
}

@Suite("README example")
struct ReadmeExampleTests {
  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// The code between the markers above.
  static func markedCode() throws -> String {
    let source = try String(contentsOf: URL(fileURLWithPath: #filePath), encoding: .utf8)
    let lines = source.components(separatedBy: "\n")
    guard let start = lines.firstIndex(of: "// README example begins"),
      let end = lines.firstIndex(of: "// README example ends")
    else { throw ExampleMissing(description: "the markers of the README example are missing") }
    return lines[(start + 1)..<end].joined(separator: "\n")
  }

  /// The first ```swift block of the README.
  static func readmeCode() throws -> String {
    let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
    let lines = readme.components(separatedBy: "\n")
    guard let start = lines.firstIndex(of: "```swift"), let end = lines[(start + 1)...].firstIndex(of: "```")
    else { throw ExampleMissing(description: "README.md has no ```swift block") }
    return lines[(start + 1)..<end].joined(separator: "\n")
  }

  @Test func theReadmeShowsTheCodeThisFileCompiles() throws {
    let expected = "import Foundation\nimport NTM\n\n" + (try Self.markedCode())
    #expect(try Self.readmeCode() == expected)
  }

  /// On the shipped copy model the example shows the paper's Figure 6: the write head steps one
  /// location per input, the read head revisits those locations in order, and the output is the
  /// input.
  @Test func theExampleShowsTheCopyAlgorithm() throws {
    let checkpoint = try Checkpoint.load(from: try #require(try ShippedModels.url(for: "copy")))
    let lines = try describeSteps(of: checkpoint)
    try #require(lines.count == 9)  // 4 inputs, the delimiter, 4 outputs
    func field(_ line: String, _ name: String) -> String {
      line.split(separator: " ").first { $0.hasPrefix(name) }.map { String($0.dropFirst(name.count)) } ?? ""
    }
    let writes = lines[0..<4].map { field($0, "write@") }
    let reads = lines[5..<9].map { field($0, "read@") }
    #expect(writes == ["0", "127", "126", "125"])
    #expect(reads == writes)
    #expect(lines[0].hasPrefix("t=0 input "))
    #expect(lines[5].hasPrefix("t=5 output "))
    // The outputs equal the inputs, bit for bit.
    var generator = SeededGenerator(seed: 7)
    let episode = try checkpoint.makeTask().checkedEpisode(size: 4, using: &generator)
    for k in 0..<4 {
      let input = episode.inputs[k].prefix(8).map { $0 > 0.5 ? "1" : "0" }.joined()
      #expect(lines[5 + k].hasSuffix(" output \(input)"))
    }
  }
}
