import NTM

extension RecordedRun {
  /// The NTM's step records of an NTM's run (a test fails loudly on a DNC's).
  var ntmRecords: [StepRecord<Float>] {
    records.map { record in
      guard case .ntm(let r) = record else { preconditionFailure("an NTM's run holds NTM records") }
      return r
    }
  }
}
