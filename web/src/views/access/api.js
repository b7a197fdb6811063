// Access requests' endpoints (docs/API.md "Access requests"): a request is filed as an
// approval of kind access.read (submitApproval in ../approvals/api.js); here, the grants.
import { api } from '../../api.js'

/** The signed-in user's grants in force, soonest ending first: {items}. */
export const listGrants = async () => (await api.get('/access-grants')).items || []
/** The active visitors a request may be filed for (R-SEC-4): [{id, name, organization}]. */
export const listVisitors = async () => (await api.get('/visitors')).items || []
