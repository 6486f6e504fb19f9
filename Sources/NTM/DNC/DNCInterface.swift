/// The DNC's interface vector ξₜ after activation, by head and under the paper's names: what the
/// memory access (steps 2–9 of docs/dnc.md) reads of it.
///
/// A controller emits it (``init(_:readHeads:)`` cuts an ``InterfaceVector`` into it), and a
/// person can set it by hand: the playground does, then asks ``DNC/access(_:from:deallocation:)``
/// for every stage, the same function a trained DNC's step calls.
///
/// ```swift
/// var interface = DNCInterface<Float>(memoryWidth: 6, readHeads: 1)
/// interface.write.allocationGate = 1      // write where allocation says…
/// interface.write.writeGate = 1           // …and do write
/// interface.write.add = [1, -1, 1, -1, 1, -1]
/// interface.reads[0].readMode = [0, 0, 1] // read the location written after the last one read
/// ```
public struct DNCInterface<Scalar: NTMScalar>: Sendable, Equatable {
  public var write: DNCWriteInterface<Scalar>
  /// One per read head.
  public var reads: [DNCReadInterface<Scalar>]

  public init(write: DNCWriteInterface<Scalar>, reads: [DNCReadInterface<Scalar>]) {
    self.write = write
    self.reads = reads
  }

  /// A neutral interface: keys of zeros with β = 1, nothing erased or added, every gate closed,
  /// each read head in content mode, no fixes.
  public init(memoryWidth: Int, readHeads: Int) {
    let zeros = [Scalar](repeating: 0, count: memoryWidth)
    write = DNCWriteInterface(
      key: zeros, keyStrength: 1, erase: zeros, add: zeros, allocationGate: 0, writeGate: 0, mask: nil)
    reads = Array(
      repeating: DNCReadInterface(
        key: zeros, keyStrength: 1, freeGate: 0, readMode: [0, 1, 0], mask: nil, sharpness: nil),
      count: readHeads)
  }

  /// The activated values of a controller's interface vector, by head. The optional fields are
  /// present exactly when the configuration's fixes put them in the layout.
  public init(_ xi: InterfaceVector<DNCInterfaceField, Scalar>, readHeads: Int) {
    self.init(memoryWidth: 0, readHeads: 0)
    set(from: xi, readHeads: readHeads)
  }
}

/// What the write head was told: where to write (by content or by allocation) and what.
public struct DNCWriteInterface<Scalar: NTMScalar>: Sendable, Equatable {
  /// kʷ.
  public var key: [Scalar]
  /// βʷ ≥ 1.
  public var keyStrength: Scalar
  /// e ∈ [0, 1]ᵂ.
  public var erase: [Scalar]
  /// v, the write vector.
  public var add: [Scalar]
  /// gᵃ: allocation (1) against content (0).
  public var allocationGate: Scalar
  /// gʷ: whether to write at all.
  public var writeGate: Scalar
  /// The lookup's mask, with masking on.
  public var mask: [Scalar]?

  public init(
    key: [Scalar], keyStrength: Scalar, erase: [Scalar], add: [Scalar], allocationGate: Scalar,
    writeGate: Scalar, mask: [Scalar]?
  ) {
    self.key = key
    self.keyStrength = keyStrength
    self.erase = erase
    self.add = add
    self.allocationGate = allocationGate
    self.writeGate = writeGate
    self.mask = mask
  }
}

/// What one read head was told: where to read (backward, by content, forward) and what it may
/// free.
public struct DNCReadInterface<Scalar: NTMScalar>: Sendable, Equatable {
  /// kʳ.
  public var key: [Scalar]
  /// βʳ ≥ 1.
  public var keyStrength: Scalar
  /// f ∈ [0, 1]: may the location this head read last step be freed.
  public var freeGate: Scalar
  /// π = (backward, content, forward), a distribution.
  public var readMode: [Scalar]
  /// The lookup's mask, with masking on.
  public var mask: [Scalar]?
  /// The exponents of the forward and backward weightings, with link sharpness on.
  public var sharpness: LinkExponents<Scalar>?

  public init(
    key: [Scalar], keyStrength: Scalar, freeGate: Scalar, readMode: [Scalar], mask: [Scalar]?,
    sharpness: LinkExponents<Scalar>?
  ) {
    self.key = key
    self.keyStrength = keyStrength
    self.freeGate = freeGate
    self.readMode = readMode
    self.mask = mask
    self.sharpness = sharpness
  }

}

/// A read head's link sharpness exponents (≥ 1), with that fix on.
public struct LinkExponents<Scalar: NTMScalar>: Sendable, Equatable {
  /// sᶠ, sharpening the forward weighting.
  public var forward: Scalar
  /// sᵇ, sharpening the backward weighting.
  public var backward: Scalar

  public init(forward: Scalar, backward: Scalar) {
    self.forward = forward
    self.backward = backward
  }
}
