/**
 * The network page's entry: defines the elements; networks.html holds one
 * <basins-networks>, which reads the experiment from the address bar.
 */
import './basins-networks';
