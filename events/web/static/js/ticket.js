// The printable ticket (/t/{token}): a print button.
import { offerPrint } from "./print.js";

offerPrint();
