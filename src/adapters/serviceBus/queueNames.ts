/** Other services submit requests here. */
export const INTAKE_QUEUE = 'identity-requests';
/** The broker's own work queue; session-enabled, one session per target. */
export const OPERATIONS_QUEUE = 'identity-operations';
