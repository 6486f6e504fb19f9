/// A starting point of the playground that shows one idea of NTM addressing, as data: the
/// head's parameters, where its previous weighting is, and a paragraph that says what to see.
///
/// The paragraphs make claims ("the focus walks 3, 4, 5, …"); `PlaygroundTests` checks each
/// claim against the library's numbers, so the text cannot drift from what the screen shows.
public struct PlaygroundPreset: Hashable, Sendable {
  public enum KeySource: Hashable, Sendable {
    /// A copy of a row of the seeded memory.
    case row(Int)
    case values([Float])
  }

  public var name: String
  public var explanation: String
  public var key: KeySource
  public var keyStrength: Float
  public var interpolationGate: Float
  /// Weights of the offsets −1, 0, +1.
  public var shiftWeighting: [Float]
  public var sharpening: Float
  /// wₜ₋₁ starts with all its weight here.
  public var previousFocus: Int
  /// The parameter selected on loading: the one worth changing first.
  public var selected: PlaygroundParameter

  /// Key 0 loads the first (the start screen), keys 1–6 the others.
  public static let all: [PlaygroundPreset] = [
    PlaygroundPreset(
      name: "Start here",
      explanation:
        "One head addresses a 16 × 6 memory in four stages, drawn top to bottom under the memory. Its key k is a copy of row 5, but with β = 2 the content weighting wᶜ only mildly prefers location 5. Raise β with → and watch wᶜ sharpen. ↑/↓ select a parameter, space steps the head, 1–6 load the presets, ? lists every key.",
      key: .row(5), keyStrength: 2, interpolationGate: 1, shiftWeighting: [0, 1, 0], sharpening: 1,
      previousFocus: 0, selected: .keyStrength),
    PlaygroundPreset(
      name: "Content lookup",
      explanation:
        "A pure content lookup: the key is a copy of memory row 9, so K(k, M(9)) = 1 and every other row scores lower. With β = 50 the softmax gives location 9 nearly all the weight; g = 1 takes the content weighting, and no shift with γ = 1 leaves it alone. Lower β toward 0 and the weight spreads over the rows that partly match.",
      key: .row(9), keyStrength: 50, interpolationGate: 1, shiftWeighting: [0, 1, 0], sharpening: 1,
      previousFocus: 2, selected: .keyStrength),
    PlaygroundPreset(
      name: "Iterate by one",
      explanation:
        "Location-based iteration: the gate g = 0 ignores the content weighting and passes the previous weighting through, and the shift s₊₁ = 1 moves it one location up. Press space to step the head: the result becomes wₜ₋₁ and the focus walks 3, 4, 5, …, wrapping from 15 to 0. The copy task's write head moves like this.",
      key: .row(9), keyStrength: 50, interpolationGate: 0, shiftWeighting: [0, 0, 1], sharpening: 1,
      previousFocus: 3, selected: .shift(1)),
    PlaygroundPreset(
      name: "Blurred focus",
      explanation:
        "A soft shift: s = (0.1, 0.2, 0.7) moves most of the weight up one location but leaves some in place and some one below. The shifted weighting w̃ is a blur of wᵍ, and γ = 1 keeps the blur. Step with space: the focus drifts upward and its largest weight falls with every step, 0.7, then 0.49, … the head loses its place.",
      key: .row(9), keyStrength: 50, interpolationGate: 0, shiftWeighting: [0.1, 0.2, 0.7], sharpening: 1,
      previousFocus: 3, selected: .shift(1)),
    PlaygroundPreset(
      name: "Sharpen it back",
      explanation:
        "The same soft shift, now followed by sharpening with γ = 5: every weight is raised to the fifth power and renormalised, so 0.7 beats 0.2 by a factor of about 500. The focus stays on one location (weight above 0.99) and moves up one location per step. Lower γ to 1 with ← and the blur of the previous preset returns.",
      key: .row(9), keyStrength: 50, interpolationGate: 0, shiftWeighting: [0.1, 0.2, 0.7], sharpening: 5,
      previousFocus: 3, selected: .sharpening),
    PlaygroundPreset(
      name: "Gate ignores content",
      explanation:
        "The key matches row 9 exactly and the content weighting wᶜ shows it, but the gate g = 0 throws the match away: the gated weighting is the previous one, location 2, and so is the result. Raise g with →: at g = 0.5 the weight is split between locations 2 and 9, and at g = 1 the head jumps to 9.",
      key: .row(9), keyStrength: 50, interpolationGate: 0, shiftWeighting: [0, 1, 0], sharpening: 1,
      previousFocus: 2, selected: .interpolationGate),
    PlaygroundPreset(
      name: "Look up, then move on",
      explanation:
        "Content and location together: the key finds row 9, then the shift s₊₁ = 1 moves the focus to location 10, the row after the match. Associative recall works this way: find the query item, read the item stored after it. Step once, then set g = 0 to keep walking from there by location alone.",
      key: .row(9), keyStrength: 50, interpolationGate: 1, shiftWeighting: [0, 0, 1], sharpening: 1,
      previousFocus: 2, selected: .shift(1)),
  ]
}
