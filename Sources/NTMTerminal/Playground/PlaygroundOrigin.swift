import NTM

/// The model step a playground was opened on (`o` in the viewer, `ntm playground --trace`):
/// what to call it, and the model's own memory and addressing, so that `r` can go back to them
/// after trying other values.
public struct PlaygroundOrigin: Sendable {
  /// "read0 at t = 12 · copy · shipped copy model".
  public var title: String
  /// The memory the head addressed.
  public var memory: Matrix<Float>
  public var shifts: ClosedRange<Int>
  /// The model's addressing at that step: its parameters and every stage.
  public var record: AddressingRecord<Float>

  /// A paragraph for the explanation panel: where the values come from, what the model did with
  /// them, what to try.
  public var explanation: String {
    let summary = AddressingSummary(record, shifts: shifts)
    return
      "\(title): the trained model's own memory (\(memory.rows) × \(memory.columns); h and l scroll) and its key, β, g, shift weighting and γ. It ended with its focus at location \(summary.focus) (weight \(NumberFormat.fixed(summary.focusWeight, decimals: 2))). Change one parameter and see what would have happened; space steps the head on from there; r puts the model's values back."
  }
}

extension PlaygroundState {
  /// The playground on one head of a model at one step: the memory it addressed, its key, β, g,
  /// shift weighting, γ and previous weighting. The library recomputes from these exactly the
  /// stages the model computed.
  public init(head: HeadRecord<Float>, memory: Matrix<Float>, shifts: ClosedRange<Int>, title: String) {
    self.init()
    origin = PlaygroundOrigin(title: title, memory: memory, shifts: shifts, record: head.addressing)
    restoreOrigin()
    select(.keyStrength)
  }

  /// Back to the model's own memory and values (`r`), the cursor on where the model's head
  /// ended.
  public mutating func restoreOrigin() {
    guard let origin else { return }
    let a = origin.record
    memory = origin.memory
    shifts = origin.shifts
    key = a.key
    keyStrength = a.keyStrength
    interpolationGate = a.interpolationGate
    shiftWeighting = a.shiftWeighting
    sharpening = a.sharpening
    previous = a.previous
    history = []
    focus = .parameters
    prompt = nil
    cursor = (0, 0)
    firstVisible = 0
    moveCursor(to: a.weighting.argmax ?? 0)
    // The focus in the middle of the view rather than at its edge.
    let shown = min(PlaygroundState.visibleLocations, locations)
    firstVisible = min(max(cursor.location - shown / 2, 0), locations - shown)
  }
}
