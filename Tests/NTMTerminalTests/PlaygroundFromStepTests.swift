import NTM
import Testing

@testable import NTMTerminal

/// The playground opened on a model's head at one step: the model's own memory and parameters,
/// from which the library recomputes exactly the stages the model computed; changing one shows
/// what would have happened, and `r` goes back.
@Suite("Playground from a model's step")
struct PlaygroundFromStepTests {
  /// The addressing fields a person sees (the backward pass's scratch arrays left out).
  static func stages(_ r: AddressingRecord<Float>) -> [[Float]] {
    [
      r.previous, r.key, [r.keyStrength], r.similarity, r.contentWeighting, [r.interpolationGate],
      r.gatedWeighting, r.shiftWeighting, r.shiftedWeighting, [r.sharpening], r.weighting,
    ]
  }

  @Test(arguments: [0, 1])
  func theModelsOwnValuesGiveBackItsStagesExactly(head: Int) throws {
    let s = try ViewerFixture.copyState(configure: { $0.shifts = -2...2 }).pressing(.right, times: 7)
    let record = s.run.ntmRecords[6]
    let h = record.heads[head]
    let playground = try #require(ViewerState.playground(for: s.run, head: head, at: 6, title: "test"))
    #expect(playground.memory == record.addressedMemory(by: h.id))
    #expect(playground.memory == (head == 0 ? record.memoryBefore : record.memoryAfter))
    #expect(bitPatterns(Self.stages(playground.record)) == bitPatterns(Self.stages(h.addressing)))
    // Five shifts, five shift parameters on the line, each a notch of the distribution.
    #expect(
      playground.parameters == [
        .key, .keyStrength, .interpolationGate, .shift(-2), .shift(-1), .shift(0), .shift(1), .shift(2),
        .sharpening,
      ])
    let text = PlaygroundScreen.render(playground, size: ViewerFixture.full, theme: ViewerFixture.color256)
      .text
    for symbol in ["s₋₂ = ", "s₋₁ = ", "s₀ = ", "s₊₁ = ", "s₊₂ = "] { #expect(text.contains(symbol)) }
    var shifted = playground
    shifted.adjust(.shift(2), by: 1)
    #expect(abs(shifted.shiftWeighting.reduce(0, +) - 1) < 1e-5)
  }

  @Test func changingAParameterAndRestoringIt() throws {
    let s = try ViewerFixture.copyState().pressing(.right, times: 12)
    var p = try #require(ViewerState.playground(for: s.run, head: 1, at: 11, title: "read0 at t = 11"))
    let original = p.record
    // The cursor starts on the model's focus, in view.
    let focus = try #require(original.weighting.argmax)
    #expect(p.cursor.location == focus)
    #expect((p.firstVisible..<(p.firstVisible + 16)).contains(focus))
    // g to 1: the content match now decides, as the library computes it.
    p.select(.interpolationGate)
    p = try #require(p.updated(by: .key(.right)))
    #expect(p.interpolationGate > original.interpolationGate)
    let expected = AddressingRecord(
      key: original.key, keyStrength: original.keyStrength, interpolationGate: p.interpolationGate,
      shiftWeighting: original.shiftWeighting, sharpening: original.sharpening, previous: original.previous,
      memory: p.memory, shifts: -1...1)
    #expect(p.record.weighting == expected.weighting)
    p = try #require(p.updated(by: .key(.character("r"))))
    #expect(bitPatterns(Self.stages(p.record)) == bitPatterns(Self.stages(original)))
    #expect(p.message == "the model's own memory and values")
    // Scrolling: the cursor walks to location 0 and the view follows it.
    p = try #require(p.updated(by: .key(.character("m"))))
    for _ in 0..<130 { p = try #require(p.updated(by: .key(.left))) }
    #expect(p.cursor.location == -1 && p.firstVisible == 0)
    for _ in 0..<130 { p = try #require(p.updated(by: .key(.right))) }
    #expect(p.cursor.location == 127 && p.firstVisible == 112)
    // A new random memory leaves the model's memory for the teaching one whole.
    p = try #require(p.updated(by: .key(.escape)))
    p = try #require(p.updated(by: .key(.character("R"))))
    #expect(p.memory.rows == 16 && p.key.count == 6 && p.record.weighting.count == 16)
    #expect(p.cursor.location < 16)
  }

  @Test func oOpensThePlaygroundAndQComesBackToTheSameStep() throws {
    let s = try ViewerFixture.copyState().pressing(.right, times: 9).pressing(.tab)
    let opened = try s.pressing(.character("o"))
    let playground = try #require(opened.playground)
    #expect(playground.embedded && playground.origin?.title == "read0 at t = 8 · copy · untrained (seed 1)")
    let text = opened.rendered().text
    #expect(text.contains("NTM playground  read0 at t = 8 · copy"))
    #expect(text.contains("q: back to the viewer"))
    #expect(text.contains("Memory M (128 × 20)"))
    // Keys go to the playground; q comes back; ctrl-c quits from inside it.
    let changed = try opened.pressing(.down, .right)
    #expect(changed.playground?.selected == .interpolationGate && changed.shownStep == 8)
    let back = try changed.pressing(.character("q"))
    #expect(back.playground == nil && back.shownStep == 8 && back.selectedHead == 1)
    #expect(back.rendered().lines()[0].contains("t = 8/20"))
    #expect(opened.updated(by: .key(.ctrlC)) == nil)
    // Before step 0 there is nothing to open.
    let start = try ViewerFixture.copyState().pressing(.character("o"))
    #expect(start.playground == nil && start.message?.hasPrefix("step first") == true)
    // A trace without addressing says why not.
    let trace = try ViewerTraceTests.replayed().pressing(.right, .character("o"))
    #expect(
      trace.playground == nil && trace.message?.hasPrefix("this trace has no addressing stages") == true)
  }
}
