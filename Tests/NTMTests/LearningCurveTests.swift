import Testing

@testable import NTM

/// The learning-curve CSV that `ntm train --log` writes and `ntm figure learning-curve` reads.
@Suite struct LearningCurveTests {
  static let header = LearningCurve.header

  @Test func rowsRoundTripExactly() throws {
    let points = [
      LearningCurve.Point(
        sequences: 32, updates: 1, seconds: 0.049, training: SequenceCost(bits: 91.25, bitErrors: 40.5),
        validation: nil),
      LearningCurve.Point(
        sequences: 2_016, updates: 63, seconds: 1.62,
        training: SequenceCost(bits: 0.1 + 0.2, bitErrors: 1e-5),
        validation: SequenceCost(bits: 68.900001, bitErrors: 30)),
    ]
    let text = ([Self.header] + points.map(LearningCurve.row)).joined(separator: "\n") + "\n"
    let curve = try LearningCurve(csv: text, file: "run.csv")
    #expect(curve.points.count == 2)
    // Seconds are written with two decimals; costs in their shortest round-trip form.
    #expect(curve.points[0].seconds == 0.05)
    #expect(curve.points[0].training == points[0].training)
    #expect(curve.points[0].validation == nil)
    #expect(curve.points[1].training.bits == 0.1 + 0.2)
    #expect(curve.points[1].validation == points[1].validation)
    #expect(curve.points[1].sequences == 2_016 && curve.points[1].updates == 63)
  }

  @Test func blankLinesAndWindowsLineEndingsAreAccepted() throws {
    let text = Self.header + "\r\n32,1,0.05,9,4,,\r\n\r\n64,2,0.10,8,3,7.5,2\r\n"
    let curve = try LearningCurve(csv: text, file: "run.csv")
    #expect(curve.points.map(\.sequences) == [32, 64])
    #expect(curve.points[1].validation == SequenceCost(bits: 7.5, bitErrors: 2))
  }

  /// Each malformed input, and the line and words its error must name.
  @Test(arguments: [
    ("", 1, "empty"),
    ("sequences,updates\n1,2\n", 1, "expected the header"),
    ("\(header)\n32,1,0.05,9,4,,\n64,2,0.10,8\n", 3, "4 fields"),
    ("\(header)\n32,1,0.05,9,4,,\n\n64,x,0.10,8,3,,\n", 4, "updates 'x' is not a whole number"),
    ("\(header)\n-5,1,0.05,9,4,,\n", 2, "sequences '-5'"),
    ("\(header)\n32,1,0.05,nan,4,,\n", 2, "train_bits 'nan' is not a finite number"),
    ("\(header)\n32,1,0.05,9,4,7.5,\n", 2, "both be given or both empty"),
    ("\(header)\n32,1,0.05,9,4,,,\n", 2, "8 fields"),
  ])
  func malformedFilesNameTheLine(text: String, line: Int, words: String) {
    #expect {
      try LearningCurve(csv: text, file: "curve.csv")
    } throws: { error in
      guard let error = error as? LearningCurveError else { return false }
      return error.line == line && error.description.hasPrefix("curve.csv, line \(line): ")
        && error.description.contains(words)
    }
  }
}
