// An event's public page (/events/{id}): a print button.
import { offerPrint } from "./print.js";

offerPrint();
