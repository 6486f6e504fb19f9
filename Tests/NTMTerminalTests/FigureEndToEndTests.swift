import Foundation
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// `ntm figure` run as a user runs it: SVG files that parse, plain text when the output is not
/// a terminal, and clear errors for bad input that damage nothing.
@Suite(
  "End to end: ntm figure", .serialized,
  .enabled(
    if: FileManager.default.isExecutableFile(atPath: EndToEnd.binary.path), "needs a built .build/debug/ntm"))
struct FigureEndToEndTests {
  func figure(_ arguments: [String], stdout: EndToEnd.Output = .capture) throws -> EndToEnd.Result {
    try EndToEnd.run(EndToEnd.binary.path, ["figure"] + arguments + ["--threads", "1"], stdout: stdout)
  }

  @Test func writesAnSVGThatParses() throws {
    let out = EndToEnd.temporaryFile("copy.svg")
    defer { EndToEnd.removeTemporary(out) }
    let result = try figure(["copy", "--sizes", "2,3", "--sequences", "2", "--out", out.path])
    #expect(result.status == 0, "\(result.error)")
    #expect(result.output.isEmpty)
    #expect(result.error.contains("wrote \(out.path)"))
    let data = try Data(contentsOf: out)
    #expect(XMLParser(data: data).parse())
    let text = String(decoding: data, as: UTF8.self)
    #expect(text.contains("Length 3: targets"))
    #expect(text.contains("mean over 2 sequences per length"))
  }

  @Test func drawsPlainTextWhenTheOutputIsAFile() throws {
    let out = EndToEnd.temporaryFile("figure.txt")
    defer { EndToEnd.removeTemporary(out) }
    let result = try figure(
      ["copy", "--sizes", "2", "--sequences", "1", "--width", "60"], stdout: .file(out.path))
    #expect(result.status == 0, "\(result.error)")
    let text = try String(contentsOf: out, encoding: .utf8)
    #expect(!text.contains("\u{1B}"))
    #expect(text.hasPrefix("Copy: outputs against targets"))
    #expect(text.contains("Length 2: targets"))
    #expect(text.split(separator: "\n").allSatisfy { $0.count <= 60 })
  }

  @Test func anUnknownFigureListsTheFigures() throws {
    let result = try figure(["fig4"])
    #expect(result.status != 0)
    #expect(result.error.contains("unknown figure 'fig4'"))
    #expect(result.error.contains("learning-curve"))
  }

  @Test func aCheckpointOfAnotherTaskIsRefusedByName() throws {
    let recall = EndToEnd.packageRoot.appendingPathComponent("Assets/models/associative-recall.safetensors")
      .path
    let result = try figure(["copy", "--checkpoint", recall, "--sizes", "2"])
    #expect(result.status != 0)
    #expect(result.error.contains("figure copy needs a checkpoint trained on copy"))
    #expect(result.error.contains("associative-recall.safetensors was trained on associative-recall"))
  }

  @Test func aDirectoryIsNeverReplaced() throws {
    let directory = EndToEnd.temporaryFile("figures")
    defer { EndToEnd.removeTemporary(directory) }
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let inside = directory.appendingPathComponent("keep.txt")
    try Data("kept".utf8).write(to: inside)
    let result = try figure(["weightings", "--sizes", "2", "--out", directory.path])
    #expect(result.status != 0)
    #expect(result.error.contains(directory.path))
    #expect(try String(contentsOf: inside, encoding: .utf8) == "kept")
  }

  @Test func learningCurvesOverlayRunsAndNameTheBadLine() throws {
    let good = EndToEnd.temporaryFile("seed1.csv")
    defer { EndToEnd.removeTemporary(good) }
    let folder = good.deletingLastPathComponent()
    let header = "sequences,updates,seconds,train_bits,train_bit_errors,validation_bits,validation_bit_errors"
    try Data("\(header)\n32,1,0.1,90,40,80,35\n64,2,0.2,50,20,40,15\n".utf8).write(to: good)
    let other = folder.appendingPathComponent("seed2.csv")
    try Data("\(header)\n32,1,0.1,95,41,85,36\n64,2,0.2,45,19,30,12\n".utf8).write(to: other)
    let out = folder.appendingPathComponent("curves.svg")
    let result = try figure(["learning-curve", good.path, other.path, "--out", out.path])
    #expect(result.status == 0, "\(result.error)")
    let text = try String(contentsOf: out, encoding: .utf8)
    #expect(text.components(separatedBy: "class=\"series\"").count - 1 == 2)
    #expect(text.contains("data-name=\"seed1\"") && text.contains("data-name=\"seed2\""))

    let bad = folder.appendingPathComponent("bad.csv")
    try Data("\(header)\n32,1,0.1,90,40,80,35\n64,2,0.2,fifty,20,,\n".utf8).write(to: bad)
    let failed = try figure(["learning-curve", bad.path])
    #expect(failed.status != 0)
    #expect(failed.error.contains("\(bad.path), line 3: train_bits 'fifty' is not a finite number"))
  }
}
