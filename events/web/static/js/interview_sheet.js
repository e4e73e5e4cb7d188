// A recruiter's interview sheet (/recruiter/events/{id}/interviews): a print button.
import { offerPrint } from "./print.js";

offerPrint();
