/** The header of the generated caller script (the other CIs' files carry the same words). */
export { HEADER_LINES as GENERATED_HEADER_LINES } from "../shared";
