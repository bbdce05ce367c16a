package mail

// PresenceLockSpace lets tests hold a lock as a live process would.
const PresenceLockSpace = presenceLockSpace
