// The printable skills card (/cards/{candidate_id}): a print button.
import { offerPrint } from "./print.js";

offerPrint();
