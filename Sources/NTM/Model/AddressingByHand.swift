extension AddressingRecord {
  /// The four addressing stages for parameters chosen by hand rather than emitted by a
  /// controller: the same forward computation `Machine.step` runs (`Addressing.address`), for
  /// front ends that let a person set a head's key, β, g, s and γ and watch every stage.
  ///
  /// ```swift
  /// let memory = Matrix<Float>(rows: 4, columns: 2, values: [1, 1, 1, -1, -1, 1, -1, -1])
  /// let record = AddressingRecord(
  ///   key: [1, -1], keyStrength: 20, interpolationGate: 1, shiftWeighting: [0, 1, 0],
  ///   sharpening: 1, previous: [1, 0, 0, 0], memory: memory, shifts: -1...1)
  /// record.contentWeighting   // almost all weight on location 1, the row equal to the key
  /// ```
  ///
  /// The parameters are taken as already activated (β ≥ 0, g in 0…1, s a distribution over
  /// `shifts`, lowest offset first, γ ≥ 1); nothing is clamped or renormalised here, so the
  /// record shows exactly what the equations give for the values passed.
  ///
  /// - Precondition: `key.count == memory.columns`, `previous.count == memory.rows` and
  ///   `shiftWeighting.count == shifts.count`.
  @_specialize(exported:true,where Scalar == Float)
  public init(
    key: [Scalar], keyStrength: Scalar, interpolationGate: Scalar, shiftWeighting: [Scalar],
    sharpening: Scalar, previous: [Scalar], memory: Matrix<Scalar>, shifts: ClosedRange<Int>
  ) {
    precondition(key.count == memory.columns, "key has \(key.count) values, memory rows \(memory.columns)")
    precondition(
      previous.count == memory.rows,
      "previous weighting has \(previous.count) values, memory \(memory.rows) rows")
    precondition(
      shiftWeighting.count == shifts.count,
      "shift weighting has \(shiftWeighting.count) values for \(shifts.count) offsets")
    self = Addressing.address(
      AddressingParameters(
        key: key, keyStrength: keyStrength, interpolationGate: interpolationGate,
        shiftWeighting: shiftWeighting, sharpening: sharpening),
      previous: previous, memory: memory, shifts: shifts)
  }
}
